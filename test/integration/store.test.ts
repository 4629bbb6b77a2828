import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendTurn, newConversation } from "../../src/conversation/model.js";
import { ConversationStore } from "../../src/conversation/store.js";
import { testRedis } from "../support/redis.js";

const ref = { platform: "console", chatId: "u1", kind: "dm" } as const;
const create = () => newConversation(ref, { id: "u1", displayName: "u1" }, "zh", Date.now());

describe("conversation store (real Redis)", () => {
  let env: Awaited<ReturnType<typeof testRedis>>;
  let store: ConversationStore;

  beforeEach(async () => {
    env = await testRedis();
    store = new ConversationStore(env.redis, { prefix: env.prefix, ttlMs: 60_000 });
  });
  afterEach(() => env.cleanup());

  it("saves and loads a conversation, with the configured TTL", async () => {
    await store.update("console:dm:u1", create, (conversation) => {
      conversation.lastTopic = "refund.status";
    });
    expect((await store.load("console:dm:u1"))?.lastTopic).toBe("refund.status");
    const ttl = await env.redis.pttl(`${env.prefix}conv:console:dm:u1`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("loses no update when many writers change one conversation at once", async () => {
    // Two independent connections, so the writes really interleave inside Redis.
    const other = await testRedis();
    const rival = new ConversationStore(other.redis, { prefix: env.prefix, ttlMs: 60_000 });
    const writers = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? store : rival).update("console:dm:u1", create, async (conversation) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        appendTurn(conversation, { role: "user", text: `m${i}`, at: i });
        conversation.consecutiveMisses += 1;
      }),
    );
    await Promise.all(writers);
    other.redis.disconnect();
    const saved = await store.load("console:dm:u1");
    expect(saved?.consecutiveMisses).toBe(40);
    expect(saved?.turns).toHaveLength(20);
  });

  it("claims a platform message id once", async () => {
    expect(await store.claimMessage("telegram", "42")).toBe(true);
    expect(await store.claimMessage("telegram", "42")).toBe(false);
    expect(await store.claimMessage("discord", "42")).toBe(true);
    await store.releaseMessage("telegram", "42");
    expect(await store.claimMessage("telegram", "42")).toBe(true);
  });
});
