import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { consoleSay, startTestBot } from "../support/bot.js";

describe("console adapter end to end (real Redis)", () => {
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  let redis: Redis;

  beforeEach(async () => {
    bot = await startTestBot();
    redis = new Redis(inject("REDIS_URL"));
  });
  afterEach(async () => {
    await bot.stop();
    redis.disconnect();
  });

  it("serves the chat page and answers a typed message", async () => {
    const page = await fetch(`${bot.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/console/messages");
    const { status, body } = await consoleSay(bot.url, { userId: "u1", text: "where is my refund??" });
    expect(status).toBe(200);
    expect(body.replies.length).toBeGreaterThan(0);
    expect(body.replies[0]?.text).toMatch(/\S/);
  });

  it("answers a redelivered message id exactly once", async () => {
    const first = await consoleSay(bot.url, { userId: "u2", text: "付款一直失败怎么回事", messageId: "m-1" });
    const again = await consoleSay(bot.url, { userId: "u2", text: "付款一直失败怎么回事", messageId: "m-1" });
    expect(first.body.replies.length).toBeGreaterThan(0);
    expect(again.status).toBe(200);
    expect(again.body.replies).toEqual([]);
  });

  it("answers two messages of one user in arrival order, dropping neither", async () => {
    const [a, b] = await Promise.all([
      consoleSay(bot.url, { userId: "u3", text: "first question about payments" }),
      consoleSay(bot.url, { userId: "u3", text: "第二个问题" }),
    ]);
    expect(a.body.replies.length).toBeGreaterThan(0);
    expect(b.body.replies.length).toBeGreaterThan(0);
    const stored = JSON.parse((await redis.hget(`${bot.prefix}conv:console:dm:u3`, "json")) ?? "{}");
    const userTurns = stored.turns.filter((turn: { role: string }) => turn.role === "user").map((turn: { text: string }) => turn.text);
    expect(userTurns.sort()).toEqual(["first question about payments", "第二个问题"].sort());
    // Each user turn is followed by the bot's answer to it, never interleaved with the other message.
    expect(stored.turns.map((turn: { role: string }) => turn.role).join(",")).toMatch(/^user(,bot)+,user(,bot)+$/);
  });

  it("rejects a malformed request with a clear 400 and keeps serving", async () => {
    const bad = await fetch(`${bot.url}/api/console/messages`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    const missing = await consoleSay(bot.url, { userId: "u4" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain("text or buttonId");
    const ok = await consoleSay(bot.url, { userId: "u4", text: "hello" });
    expect(ok.status).toBe(200);
  });

  it("reports health: Redis reachable and the console connected", async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", redis: true, adapters: { console: true } });
  });
});
