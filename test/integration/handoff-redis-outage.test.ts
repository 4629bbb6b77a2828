import { afterEach, describe, expect, it, vi } from "vitest";
import { type LocalRedis, startLocalRedis } from "../../src/redis/local-server.js";
import { type Harness, startHandoffHarness } from "../support/handoff-harness.js";
import { captureLog } from "../support/log-capture.js";

let bot: Harness | undefined;
let server: LocalRedis | undefined;
let port = 0;
const capture = captureLog("info");
const messages = () => capture.lines().map((line) => String(line.msg));
const connectionsBack = () => messages().filter((message) => message.includes("connection back")).length === 3;

afterEach(async () => {
  vi.restoreAllMocks();
  // A failure while Redis was down: bring it back and let the connections find it, or the harness's
  // clean-up hangs (a BullMQ worker closed while its connections reconnect did not return in 30 s).
  if (bot && !server) {
    server = await startLocalRedis({ port });
    await bot.until(async () => connectionsBack());
  }
  await bot?.stop();
  await server?.stop();
  bot = undefined;
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis going away under the handoff loop", () => {
  it("is logged once per connection, with nothing on the console, and handoffs work again when it is back", { timeout: 30_000 }, async () => {
    server = await startLocalRedis();
    port = Number(new URL(server.url).port);
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    bot = await startHandoffHarness({ redisUrl: server.url, log: capture.log });
    await bot.loop.worker?.waitUntilReady();

    await server.stop();
    server = undefined;
    // ioredis retries every 50-2,000 ms: a few seconds hold a dozen reconnect attempts per connection.
    await sleep(3_000);
    expect(messages().filter((message) => message.includes("connection lost")).sort()).toEqual([
      "handoff redis connection lost; retrying",
      "handoff worker redis connection lost; retrying",
      "redis connection lost; retrying",
    ]);
    expect(messages().filter((message) => /handoff (worker|queue) error/.test(message))).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();

    server = await startLocalRedis({ port });
    await bot.until(async () => connectionsBack());

    await bot.say("u1", { text: "I want a human" });
    const handoffs = await bot.until(async () => {
      const response = await fetch(`${bot?.url}/api/console/staff/queue`);
      const { handoffs } = (await response.json()) as { handoffs: { card: { status: string } }[] };
      return handoffs.length > 0 && handoffs;
    });
    expect(handoffs.map((entry) => entry.card.status)).toEqual(["queued"]);
    expect(messages().filter((message) => message.includes("connection lost"))).toHaveLength(3);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
