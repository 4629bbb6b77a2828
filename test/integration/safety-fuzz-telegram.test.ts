import fc from "fast-check";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromUpdate } from "../../adapters/telegram/inbound.js";
import { readUpdate } from "../../adapters/telegram/update-schema.js";
import { MAX_BODY_BYTES } from "../../src/http/server.js";
import { startTestBot } from "../support/bot.js";
import { FAKE_BOT, FAKE_WEBHOOK, type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";
import { asTelegramBody, telegramPayload } from "../support/fuzz-payloads.js";
import { captureLog } from "../support/log-capture.js";
import { heapAfterGc } from "../support/memory.js";
import { telegramUpdate } from "../support/telegram-updates.js";
import { watchUnhandled } from "../support/unhandled.js";

const RUNS = 1_500;
const WARM_UP_RUNS = 300;
/** 1 MB texts come and go (and the fake keeps a record of each call); a leak of one text per update would show as far more. */
const MAX_HEAP_GROWTH_BYTES = 16 * 1024 * 1024;
/** The log lines of an update the bot could not read: each such update gets exactly one. */
const IGNORED = ["malformed telegram update ignored", "telegram update of a kind the bot does not read ignored", "unreadable telegram webhook request ignored"];

/** What the bot must do with one webhook body, by the adapter's own rules. */
function expectation(body: string, fuzzUser: number): { ignoredLog: boolean; chatId?: number; callbackId?: string } {
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return { ignoredLog: true };
  const read = readUpdate(JSON.parse(body));
  if ("problems" in read) return { ignoredLog: true };
  const { update } = read;
  if (!update.message && !update.callback_query) return { ignoredLog: update.my_chat_member === undefined };
  if (update.callback_query) return { ignoredLog: false, callbackId: update.callback_query.id };
  const inbound = fromUpdate(update, FAKE_BOT, Date.now());
  // A message of this run's own user must be answered; a field changed into another user's id may meet their rate limit or handoff.
  const answers = inbound !== undefined && inbound.input.author.id === String(fuzzUser);
  return { ignoredLog: false, ...(answers ? { chatId: inbound.chatId } : {}) };
}

describe("fuzzed Telegram updates through the webhook of the running bot (real grammY, real Redis)", () => {
  let tg: FakeTelegram;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  let unhandled: ReturnType<typeof watchUnhandled>;
  const captured = captureLog("info");

  beforeAll(async () => {
    unhandled = watchUnhandled();
    tg = await startFakeTelegram();
    bot = await startTestBot(tg.env({ webhook: true }), captured.log);
    tg.forwardWebhookTo(bot.port);
  });
  afterAll(async () => {
    await bot.stop();
    await tg.close();
    unhandled.stop();
  });

  const post = async (body: string | Buffer, secret = FAKE_WEBHOOK.secret) => {
    const response = await fetch(`${bot.url}${new URL(FAKE_WEBHOOK.url).pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };
  const ignoredLogs = () => captured.lines().filter((line) => IGNORED.includes(line.msg as string));

  it("answers 200 to what is not an update, and 401 to a wrong secret, and keeps answering", async () => {
    const before = ignoredLogs().length;
    const bodies = ["", "{", "not json", "null", "[]", Buffer.from([0xff, 0xfe, 0x00, 0xc3]), "x".repeat(MAX_BODY_BYTES + 1), `${"[".repeat(100_000)}${"]".repeat(100_000)}`];
    for (const body of bodies) expect(await post(body)).toBe(200);
    expect(ignoredLogs().length - before).toBe(bodies.length);
    expect(await post(JSON.stringify(telegramUpdate("private-text")), "wrong-secret")).toBe(401);
    expect(await post(JSON.stringify(telegramUpdate("private-text", "where is my refund?")))).toBe(200);
    expect(tg.sent("111111111").length).toBeGreaterThan(0);
  });

  it(`fuzz: ${RUNS} generated updates, each answered 200 and answered or ignored by rule, no crash, memory flat`, async () => {
    let n = 0;
    let answered = 0;
    let ignored = 0;
    let heapAfterWarmUp = 0;
    const logsBefore = ignoredLogs().length;
    await fc.assert(
      fc.asyncProperty(telegramPayload, async (payload) => {
        n++;
        const fuzzUser = 3_000_000_000 + n;
        const body = asTelegramBody(payload, n);
        const expected = expectation(body, fuzzUser);
        const sendsBefore = tg.callsOf("sendMessage").length;
        expect(await post(body)).toBe(200);
        const sends = tg.callsOf("sendMessage").slice(sendsBefore);
        if (expected.ignoredLog) ignored++;
        if (expected.chatId !== undefined) {
          answered++;
          expect(sends.filter((call) => call.params.chat_id === expected.chatId).length).toBeGreaterThan(0);
        }
        if (expected.callbackId !== undefined) expect(tg.callsOf("answerCallbackQuery").at(-1)?.params.callback_query_id).toBe(expected.callbackId);
        if (n === WARM_UP_RUNS) heapAfterWarmUp = heapAfterGc();
      }),
      { numRuns: RUNS, seed: 20_250_702, endOnFailure: true },
    );
    const growth = heapAfterGc() - heapAfterWarmUp;
    console.log(`telegram webhook fuzz: ${n} updates, ${answered} answered, ${ignored} ignored as unreadable, heap growth after warm-up ${(growth / 1024 / 1024).toFixed(1)} MB`);
    expect(ignoredLogs().length - logsBefore).toBe(ignored);
    // The bot never sent what Telegram refuses, and never logged a user's text with an ignored update.
    expect(tg.callsOf("sendMessage").filter((call) => call.status !== 200)).toEqual([]);
    for (const line of ignoredLogs()) expect(Object.keys(line).every((key) => ["level", "time", "pid", "hostname", "msg", "updateId", "problems", "kinds", "reason", "platform"].includes(key))).toBe(true);
    expect(answered).toBeGreaterThan(RUNS / 5);
    expect(ignored).toBeGreaterThan(RUNS / 10);
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    expect(unhandled.errors).toEqual([]);
    // Still serving.
    await tg.deliver(telegramUpdate("private-text-zh", "退款多久到账") as Update);
    expect(tg.sent("222222222").length).toBeGreaterThan(0);
  });
});
