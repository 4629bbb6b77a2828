import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pingRedis, startLocalRedis } from "../../src/redis/local-server.js";
import { type Harness, startHandoffHarness } from "../support/handoff-harness.js";
import { captureLog } from "../support/log-capture.js";

let bot: Harness | undefined;
let restarted: ChildProcess | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await bot?.stop();
  restarted?.kill("SIGKILL");
  if (restarted && restarted.exitCode === null) await once(restarted, "exit");
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis going away under the handoff loop", () => {
  it("is logged once per connection, with nothing on the console, and handoffs work again when it is back", { timeout: 30_000 }, async () => {
    const server = await startLocalRedis();
    const port = Number(new URL(server.url).port);
    const capture = captureLog("info");
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    bot = await startHandoffHarness({ redisUrl: server.url, log: capture.log });
    await bot.loop.worker?.waitUntilReady();

    await server.stop();
    // ioredis retries every 50-2,000 ms: a few seconds hold a dozen reconnect attempts per connection.
    await sleep(3_000);
    const messages = () => capture.lines().map((line) => String(line.msg));
    expect(messages().filter((message) => message.includes("connection lost")).sort()).toEqual([
      "handoff redis connection lost; retrying",
      "handoff worker redis connection lost; retrying",
      "redis connection lost; retrying",
    ]);
    expect(messages().filter((message) => /handoff (worker|queue) error/.test(message))).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();

    restarted = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await bot.until(async () => pingRedis("127.0.0.1", port));
    await bot.until(async () => messages().filter((message) => message.includes("connection back")).length === 3);

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
