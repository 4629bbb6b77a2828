import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventProblems } from "../../adapters/discord/gateway-guard.js";
import { startTestBot } from "../support/bot.js";
import { type FakeDiscord, startFakeDiscord } from "../support/fake-discord.js";
import { type Corruption, corrupt, corruptions } from "../support/fuzz-payloads.js";
import { hostileText } from "../support/fuzz-text.js";
import { captureLog } from "../support/log-capture.js";
import { heapAfterGc } from "../support/memory.js";
import { watchUnhandled } from "../support/unhandled.js";

/** Fewer than for Telegram: each one crosses the gateway socket and waits for the answer. */
const RUNS = 250;
const WARM_UP_RUNS = 50;
/** discord.js keeps each new user and DM channel (a few kB); a leak of the 1 MB contents would show as far more. */
const MAX_HEAP_GROWTH_BYTES = 16 * 1024 * 1024;
/** Fields of a MESSAGE_CREATE that a client may find missing (absent, or from an older or newer gateway). */
const OMITTABLE = ["content", "timestamp", "edited_timestamp", "tts", "mention_everyone", "mentions", "mention_roles", "attachments", "embeds", "components", "pinned", "flags"];

/** A DM with hostile content, or a click with a hostile button id and locale: as Discord sends them, with fields missing, or broken. */
const discordRun = fc.oneof(
  { weight: 3, arbitrary: fc.record({ event: fc.constant("message" as const), content: hostileText, missing: fc.subarray(OMITTABLE), changes: fc.constant<Corruption[]>([]) }) },
  { weight: 2, arbitrary: fc.record({ event: fc.constant("message" as const), content: hostileText, missing: fc.constant([]), changes: corruptions }) },
  { weight: 1, arbitrary: fc.record({ event: fc.constant("click" as const), content: hostileText, locale: fc.oneof(fc.constantFrom("zh-CN", "en-US"), hostileText), changes: fc.constant<Corruption[]>([]) }) },
  { weight: 1, arbitrary: fc.record({ event: fc.constant("click" as const), content: hostileText, locale: fc.constant("en-US"), changes: corruptions }) },
);

describe("fuzzed MESSAGE_CREATE and INTERACTION_CREATE payloads through the fake gateway (real discord.js, real Redis)", () => {
  let discord: FakeDiscord;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  let unhandled: ReturnType<typeof watchUnhandled>;
  const captured = captureLog("info");
  /** The process's heap without what the fake keeps of every event it sent. */
  const botHeap = () => {
    discord.forgetHistory();
    return heapAfterGc();
  };
  const malformedLogs = () => captured.lines().filter((line) => line.msg === "malformed discord event ignored");

  beforeAll(async () => {
    unhandled = watchUnhandled();
    discord = await startFakeDiscord();
    bot = await startTestBot(discord.env, captured.log);
  });
  afterAll(async () => {
    await bot.stop();
    await discord.close();
    unhandled.stop();
  });

  it("ignores a MESSAGE_CREATE or INTERACTION_CREATE discord.js cannot read, logging it once, and keeps answering", async () => {
    const base = discord.dmPayload("odd", "hello");
    const broken: [string, unknown][] = [
      ["MESSAGE_CREATE", null],
      ["MESSAGE_CREATE", { ...base, author: null }],
      ["MESSAGE_CREATE", { ...base, attachments: [5] }],
      ["MESSAGE_CREATE", { ...base, flags: "x" }],
      ["INTERACTION_CREATE", { id: "1", application_id: discord.applicationId, token: "t", type: 3, data: { custom_id: "help", component_type: 2 }, entitlements: [] }],
    ];
    for (const [event, data] of broken) discord.dispatch(event, data);
    discord.dm("after", "where is my refund?");
    await discord.waitForSent(discord.dmChannel("after"), 1);
    expect(malformedLogs().map((line) => line.event)).toEqual(["MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "INTERACTION_CREATE"]);
    expect(discord.sent.filter((sent) => sent.channelId === discord.dmChannel("odd"))).toEqual([]);
  });

  it(`fuzz: ${RUNS} DMs and clicks with hostile content and missing or broken fields: no crash, unbroken ones answered, memory flat`, async () => {
    let n = 0;
    let answered = 0;
    let malformed = 0;
    let heapAfterWarmUp = 0;
    const logsBefore = malformedLogs().length;
    await fc.assert(
      fc.asyncProperty(discordRun, async (run) => {
        const name = `fuzz${++n}`;
        const event = run.event === "message" ? "MESSAGE_CREATE" : "INTERACTION_CREATE";
        const base = run.event === "message" ? discord.dmPayload(name, run.content) : discord.clickPayload(name, discord.dmPayload(name, "hi"), run.content, run.locale);
        if (run.event === "message") for (const field of run.missing) delete base[field];
        const payload = corrupt(base, run.changes);
        // What goes over the socket: JSON drops undefined and turns NaN into null.
        if (eventProblems(event, JSON.parse(JSON.stringify(payload) ?? "null")).length > 0) malformed++;
        discord.dispatch(event, payload);
        if (run.changes.length > 0) return;
        // Unbroken: a message is answered in its DM, a click is acknowledged at once.
        if (run.event === "message") await discord.waitForSent(discord.dmChannel(name), 1);
        else await discord.waitFor(() => discord.interactionCallbacks.some((callback) => callback.interactionId === base.id), `the click of ${name}`);
        answered++;
        if (n >= WARM_UP_RUNS && heapAfterWarmUp === 0) heapAfterWarmUp = botHeap();
      }),
      { numRuns: RUNS, seed: 20_250_703, endOnFailure: true },
    );
    // A last DM: every event before it has been read.
    discord.dm("sentinel", "退款多久到账");
    await discord.waitForSent(discord.dmChannel("sentinel"), 1);
    const growth = botHeap() - heapAfterWarmUp;
    console.log(`discord gateway fuzz: ${n} payloads, ${answered} answered, ${malformed} malformed (ignored), heap growth after warm-up ${(growth / 1024 / 1024).toFixed(1)} MB`);
    expect(malformedLogs().length - logsBefore).toBe(malformed);
    expect(discord.sent.every((sent) => sent.body.content !== undefined || sent.body.components !== undefined)).toBe(true);
    expect(answered).toBeGreaterThan(RUNS / 3);
    expect(malformed).toBeGreaterThan(RUNS / 20);
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    expect(unhandled.errors).toEqual([]);
  });
});
