import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conversation, InboundMessageInput, OutboundMessage } from "../../src/conversation/model.js";
import { inboundMessageSchema } from "../../src/conversation/model.js";
import { ConversationStore } from "../../src/conversation/store.js";
import { loadEngine } from "../../src/engine/build.js";
import type { Engine } from "../../src/engine/types.js";
import type { HandoffDesk } from "../../src/handoff/desk.js";
import { Pipeline } from "../../src/pipeline.js";
import { corrupt, corruptions } from "../support/fuzz-payloads.js";
import { hostileText, wrongType } from "../support/fuzz-text.js";
import { captureLog } from "../support/log-capture.js";
import { heapAfterGc } from "../support/memory.js";
import { testRedis } from "../support/redis.js";
import { safetyDeps } from "../support/safety.js";
import { watchUnhandled } from "../support/unhandled.js";

const RUNS = 2_000;
const WARM_UP_RUNS = 300;
/** Generous: the run creates and drops ~1 GB of strings; a leak of one per message would show as far more. */
const MAX_HEAP_GROWTH_BYTES = 48 * 1024 * 1024;

/** A well-formed payload carrying hostile text, as a platform might send it. */
const wellFormed = fc.record(
  {
    messageId: fc.constant("<unique>"),
    ref: fc.record(
      { platform: fc.constantFrom("telegram", "discord", "console"), chatId: fc.constant("<unique>"), kind: fc.constantFrom("dm", "comment"), threadId: fc.string() },
      { requiredKeys: ["platform", "chatId", "kind"] },
    ),
    author: fc.record({ id: fc.constant("<unique>"), displayName: hostileText, languageHint: fc.string() }, { requiredKeys: ["id"] }),
    text: hostileText,
    action: fc.oneof(fc.constantFrom("handoff", "help", "topic:refund.status", "topic:nope", "csat:3"), fc.string()),
    addressedToBot: fc.boolean(),
    unreadable: fc.constantFrom("photo", "sticker", "voice", "video", "file", "location", "contact", "other"),
    botCanDelete: fc.boolean(),
    startPayload: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)),
    receivedAt: fc.integer({ min: 0, max: 2 ** 45 }),
    raw: wrongType,
  },
  { requiredKeys: ["messageId", "ref", "author", "text", "receivedAt"] },
);

const anyPayload = fc.oneof(
  { weight: 6, arbitrary: wellFormed },
  { weight: 3, arbitrary: fc.tuple(wellFormed, corruptions).map(([base, changes]) => corrupt(base, changes)) },
  { weight: 1, arbitrary: wrongType },
);

/** Every message is a new user's, so each valid one must get at least one reply; ids come from a counter. */
function withUniqueIds(value: unknown, n: number): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  if (copy.messageId === "<unique>") copy.messageId = `fuzz-${n}`;
  for (const field of ["ref", "author"] as const) {
    const inner = copy[field];
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      copy[field] = Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, item === "<unique>" ? `fuzz-user-${n}` : item]));
    }
  }
  return copy;
}

/** The handoff side answers every call, so a silence can only come from the pipeline itself. */
const answeringDesk: HandoffDesk = {
  open: async () => [{ text: "a person will answer", buttons: [] }],
  relay: async () => undefined,
  rate: async () => [{ text: "thanks", buttons: [] }],
};

describe("fuzzed input through Pipeline.handle (real Redis, real engine)", () => {
  let env: Awaited<ReturnType<typeof testRedis>>;
  let engine: Engine;
  let unhandled: ReturnType<typeof watchUnhandled>;

  beforeAll(async () => {
    env = await testRedis();
    engine = loadEngine("knowledge").engine;
    unhandled = watchUnhandled();
  });
  afterAll(async () => {
    unhandled.stop();
    await env.cleanup();
  });

  it(`survives ${RUNS} hostile payloads: no crash, every one answered or ignored by rule, memory flat`, async () => {
    const { log, lines } = captureLog("info");
    const store = new ConversationStore(env.redis, { prefix: env.prefix, ttlMs: 60_000 });
    const pipeline = new Pipeline({ store, engine: () => engine, desk: answeringDesk, log, ...safetyDeps(env.redis, env.prefix) });
    let n = 0;
    let malformed = 0;
    let heapAfterWarmUp = 0;

    await fc.assert(
      fc.asyncProperty(anyPayload, async (generated) => {
        const input = withUniqueIds(generated, ++n);
        const valid = inboundMessageSchema.safeParse(input).success;
        const result = await pipeline.handle(input as InboundMessageInput);
        if (!valid) {
          malformed++;
          expect(result).toEqual({ replies: [], deleteInbound: false });
        } else {
          expect(result.replies.length).toBeGreaterThan(0);
          for (const reply of result.replies as OutboundMessage[]) expect(typeof reply.text).toBe("string");
        }
        if (n === WARM_UP_RUNS) heapAfterWarmUp = heapAfterGc();
      }),
      { numRuns: RUNS, seed: 20_240_501, endOnFailure: true },
    );

    await pipeline.drain();
    const growth = heapAfterGc() - heapAfterWarmUp;
    console.log(`fuzz: ${n} payloads, ${malformed} malformed (ignored), heap growth after warm-up ${(growth / 1024 / 1024).toFixed(1)} MB`);
    expect(lines().filter((line) => line.msg === "malformed inbound message ignored")).toHaveLength(malformed);
    expect(malformed).toBeGreaterThan(RUNS / 10);
    expect(n - malformed).toBeGreaterThan(RUNS / 2);
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    expect(unhandled.errors).toEqual([]);
    const stored = await env.redis.hget(`${env.prefix}conv:telegram:dm:fuzz-user-1`, "json");
    if (stored) expect(() => JSON.parse(stored) as Conversation).not.toThrow();
  });
});
