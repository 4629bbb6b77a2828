import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Conversation, HandleResult, InboundMessageInput, OutboundMessage } from "../../src/conversation/model.js";
import { ConversationStore } from "../../src/conversation/store.js";
import type { Decision, Engine, EngineInput } from "../../src/engine/types.js";
import type { HandoffDesk, HandoffOpening } from "../../src/handoff/desk.js";
import { Pipeline } from "../../src/pipeline.js";
import { TEXT } from "../../src/texts.js";
import { captureLog } from "../support/log-capture.js";
import { testRedis } from "../support/redis.js";
import { dumpRedis, safetyDeps } from "../support/safety.js";

const CARD = "4111 1111 1111 1111";

/** A scripted engine (our own interface): answers by keyword, and records what it was shown. */
class ScriptedEngine implements Engine {
  readonly seen: EngineInput[] = [];

  decide(input: EngineInput): Decision {
    this.seen.push(input);
    const { text, action, conversation } = input;
    const inPublic = conversation.ref.kind === "comment";
    if (action === "handoff" || /human|人工/.test(text)) {
      return { action: "handoff", topic: "contact.human", confidence: 1, replies: [{ text: "connecting you", buttons: [] }], handoff: { reason: "requested", priority: "normal" } };
    }
    if (action === "topic:refund.status" || /refund|退款/.test(text)) {
      const reply = inPublic ? "refunds take 1-3 days" : "your refund for order 123 is on its way";
      return { action: "answer", topic: "refund.status", confidence: 1, replies: [{ text: reply, buttons: [] }], ...(inPublic ? { moveToPrivate: true } : {}) };
    }
    if (/pay|付款/.test(text)) return { action: "answer", topic: "payment.failed", confidence: 1, replies: [{ text: "check your balance", buttons: [] }] };
    if (action === "help") return { action: "answer", topic: null, confidence: 1, replies: [{ text: "menu", buttons: [] }] };
    return { action: "fallback", topic: null, confidence: 0.2, replies: [{ text: "sorry, I don't know", buttons: [] }] };
  }

  classify(text: string) {
    const { action, topic, confidence } = this.decide({ text, language: "en", conversation: { consecutiveMisses: 0, lastTopic: null, ref: { platform: "console", chatId: "c", kind: "dm" } } });
    return { action, topic, confidence };
  }
}

class RecordingDesk implements HandoffDesk {
  readonly opened: { conversation: Conversation; opening: HandoffOpening }[] = [];
  readonly relayed: string[] = [];
  async open(conversation: Conversation, opening: HandoffOpening): Promise<OutboundMessage[]> {
    this.opened.push({ conversation, opening });
    return [{ text: "a person will answer", buttons: [] }];
  }
  async relay(_conversation: Conversation, text: string): Promise<void> {
    this.relayed.push(text);
  }
  async rate(): Promise<OutboundMessage[]> {
    return [];
  }
}

describe("pipeline safety (real Redis)", () => {
  let env: Awaited<ReturnType<typeof testRedis>>;
  let engine: ScriptedEngine;
  let desk: RecordingDesk;
  let logged: () => string;
  let pipeline: Pipeline;
  let seq = 0;

  beforeEach(async () => {
    env = await testRedis();
    engine = new ScriptedEngine();
    desk = new RecordingDesk();
    const captured = captureLog("debug");
    logged = captured.output;
    const store = new ConversationStore(env.redis, { prefix: env.prefix, ttlMs: 60_000 });
    pipeline = new Pipeline({ store, engine: () => engine, desk, log: captured.log, ...safetyDeps(env.redis, env.prefix) });
  });
  afterEach(() => env.cleanup());

  function dm(text: string, extra: Partial<InboundMessageInput> = {}, userId = "u1"): Promise<HandleResult> {
    return pipeline.handle({
      messageId: `m${++seq}`,
      ref: { platform: "telegram", chatId: userId, kind: "dm" },
      author: { id: userId, displayName: "Ann" },
      text,
      receivedAt: Date.now(),
      ...extra,
    });
  }
  function comment(text: string, botCanDelete = false, userId = "u1"): Promise<HandleResult> {
    return pipeline.handle({
      messageId: `m${++seq}`,
      ref: { platform: "telegram", chatId: "-100200", kind: "comment" },
      author: { id: userId, displayName: "Ann" },
      text,
      botCanDelete,
      receivedAt: Date.now(),
    });
  }
  const texts = (result: HandleResult) => result.replies.map((reply) => reply.text);

  it("warns once per conversation about a shared secret, and still answers the question", async () => {
    const first = await dm(`my card ${CARD} payment failed`);
    expect(texts(first)).toEqual([TEXT.secretShared.en, "check your balance"]);
    const second = await dm(`pay with ${CARD} again?`);
    expect(texts(second)).toEqual(["check your balance"]);
    expect(engine.seen.map((input) => input.text)).toEqual(["my card [card ****1111] payment failed", "pay with [card ****1111] again?"]);
    const stored = await dumpRedis(env.redis, env.prefix);
    expect(stored).toContain("[card ****1111]");
    expect(stored).not.toContain(CARD);
    expect(logged()).not.toContain(CARD);
  });

  it("advises changing a code or password, in the user's language", async () => {
    const result = await dm("验证码是 482913 为什么付款失败");
    expect(texts(result)[0]).toBe(`${TEXT.secretShared.zh}\n${TEXT.secretChangeIt.zh}`);
    expect(await dumpRedis(env.redis, env.prefix)).not.toContain("482913");
  });

  it("answers a message that is only a secret with the warning alone, and counts no miss", async () => {
    const result = await dm("password: hunter2!");
    expect(texts(result)).toEqual([`${TEXT.secretShared.en}\n${TEXT.secretChangeIt.en}`]);
    const stored = JSON.parse((await env.redis.hget(`${env.prefix}conv:telegram:dm:u1`, "json")) ?? "{}") as Conversation;
    expect(stored.consecutiveMisses).toBe(0);
    expect(stored.warned).toEqual(["secret-shared"]);
  });

  it("removes a public comment with a card number where it may, and says so without repeating it", async () => {
    const deleted = await comment(`my card is ${CARD}`, true);
    expect(deleted.deleteInbound).toBe(true);
    expect(texts(deleted)).toEqual([TEXT.publicSecretDeleted.en]);
    expect(deleted.replies[0]?.continueInPrivate?.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const kept = await comment(`card ${CARD}`, false, "u2");
    expect(kept.deleteInbound).toBe(false);
    expect(texts(kept)).toEqual([TEXT.publicSecretPleaseDelete.en]);
    expect(JSON.stringify([deleted, kept])).not.toContain("1111 1111");
    expect(engine.seen).toEqual([]);
    expect(await dumpRedis(env.redis, env.prefix)).not.toContain(CARD);
  });

  it("treats a phone number in public as exposed too, but not in private", async () => {
    expect(texts(await comment("call me 13812345678"))).toEqual([TEXT.publicSecretPleaseDelete.en]);
    expect(texts(await dm("call me 13812345678 about my refund"))).toEqual(["your refund for order 123 is on its way"]);
  });

  it("moves an account question from a comment to private, where the token resumes the topic once", async () => {
    const inPublic = await comment("where is my refund");
    expect(texts(inPublic)).toEqual(["refunds take 1-3 days"]);
    const token = inPublic.replies[0]?.continueInPrivate?.token as string;
    expect(token).toBeDefined();

    const stranger = await dm("", { startPayload: token }, "u9");
    expect(texts(stranger)).toEqual(["menu"]);
    const resumed = await dm("", { startPayload: token });
    expect(texts(resumed)).toEqual(["your refund for order 123 is on its way"]);
    expect(engine.seen.at(-1)?.action).toBe("topic:refund.status");
    const again = await dm("", { startPayload: token });
    expect(texts(again)).toEqual(["menu"]);
  });

  it("never works a handoff in public: it opens in private after the deep link", async () => {
    const inPublic = await comment("I want a human");
    expect(desk.opened).toEqual([]);
    expect(texts(inPublic)).toEqual(["connecting you", TEXT.handoffInPrivate.en]);
    const token = inPublic.replies.at(-1)?.continueInPrivate?.token as string;
    const stored = JSON.parse((await env.redis.hget(`${env.prefix}conv:telegram:comment:-100200:u1`, "json")) ?? "{}") as Conversation;
    expect(stored.state).toBe("bot");

    const resumed = await dm("", { startPayload: token });
    expect(texts(resumed)).toEqual(["a person will answer"]);
    expect(desk.opened).toHaveLength(1);
    expect(desk.opened[0]?.opening).toMatchObject({ reason: "requested", priority: "normal", topic: "contact.human" });
    expect(desk.opened[0]?.conversation.ref.kind).toBe("dm");
  });

  it("answers abuse once, calmly, with a person on offer; never an FAQ answer; normal questions still answered", async () => {
    const first = await dm("fuck you, stupid bot");
    expect(texts(first)).toEqual([TEXT.abuseCalm.en]);
    expect(first.replies[0]?.buttons).toEqual([{ id: "handoff", label: TEXT.talkToPerson.en }]);
    expect(texts(await dm("you idiots"))).toEqual([]);
    expect(engine.seen).toEqual([]);
    expect(texts(await dm("where is my refund"))).toEqual(["your refund for order 123 is on its way"]);
  });

  it("answers a text over 4,000 characters politely without processing or storing it", async () => {
    const result = await dm(`refund ${"很".repeat(4_000)}`);
    expect(texts(result)).toEqual([TEXT.tooLong.zh]);
    expect(engine.seen).toEqual([]);
    expect(await env.redis.exists(`${env.prefix}conv:telegram:dm:u1`)).toBe(0);
    expect(texts(await dm("x".repeat(4_000)))).toEqual(["sorry, I don't know"]);
  });

  it("asks a flood to slow down once, drops and counts the rest, and keeps other users served", async () => {
    const limiter = safetyDeps(env.redis, env.prefix).limiter;
    const results = [];
    for (let i = 0; i < 12; i++) results.push(texts(await dm(`refund ${i}`)));
    expect(results.slice(0, 8).every((replies) => replies.length === 1)).toBe(true);
    expect(results[8]).toEqual([TEXT.slowDown.en]);
    expect(results.slice(9)).toEqual([[], [], []]);
    expect(await limiter.dropped("telegram")).toBe(3);
    expect(texts(await dm("refund", {}, "u2"))).toHaveLength(1);
  });

  it("ignores a malformed payload by rule, logging what was wrong but not the values", async () => {
    const result = await pipeline.handle({ messageId: "", text: `card ${CARD}`, ref: { platform: "fax" } } as unknown as InboundMessageInput);
    expect(result).toEqual({ replies: [], deleteInbound: false });
    const lines = logged().trim().split("\n").map((line) => JSON.parse(line) as { msg: string; problems?: string[] });
    expect(lines.filter((line) => line.msg === "malformed inbound message ignored")).toHaveLength(1);
    expect(lines[0]?.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^messageId: /), expect.stringMatching(/^ref\.platform: /)]));
    expect(logged()).not.toContain(CARD);
  });

  it("relays a secret redacted while a person handles the conversation, with the warning", async () => {
    await dm("human please");
    expect(desk.opened).toHaveLength(1);
    const result = await dm(`my card ${CARD}`);
    expect(texts(result)).toEqual([TEXT.secretShared.en]);
    expect(desk.relayed).toEqual(["my card [card ****1111]"]);
  });
});
