import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramAdapter } from "../../adapters/telegram/index.js";
import { TEXT } from "../../src/texts.js";
import { BOT_USER_ID, FakeSlack, sendSlack, threadReplyEvent } from "../support/fake-slack.js";
import { BLOCKED_BY_USER, FAKE_TOKEN, type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";
import { HANDOFF_CHANNEL, type Harness, SIGNING_SECRET, startHandoffHarness } from "../support/handoff-harness.js";
import { telegramUpdate } from "../support/telegram-updates.js";

const AGENT = "U0000ALICE";
const CHAT = "111111111";
let slack: FakeSlack;
let tg: FakeTelegram;
let bot: Harness;

async function userWrites(text: string) {
  await tg.deliver(telegramUpdate("private-text", text));
}

async function openTelegramHandoff() {
  await userWrites("I need a human");
  const handoffId = await bot.until(async () => (await bot.store.load(`telegram:dm:${CHAT}`))?.openHandoffId ?? undefined);
  const card = await bot.until(async () => (await bot.loop.records.get(handoffId))?.card);
  return { handoffId, card };
}

const agentSays = (ts: string, text: string) => sendSlack(`${bot.url}/slack/events`, SIGNING_SECRET, { json: threadReplyEvent(HANDOFF_CHANNEL, ts, AGENT, text) });

describe("handoff with a Telegram user", () => {
  beforeEach(async () => {
    tg = await startFakeTelegram();
    slack = await new FakeSlack({ members: [AGENT, BOT_USER_ID], names: { [AGENT]: "Alice" } }).start();
    bot = await startHandoffHarness({ slack, adapters: [new TelegramAdapter({ token: FAKE_TOKEN, apiRoot: tg.apiRoot })] });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.stop();
    await tg.close();
  });

  it("an agent's thread reply reaches the user on Telegram, marked as from a person", async () => {
    const { card } = await openTelegramHandoff();
    expect(JSON.stringify(slack.cards()[0]?.args.blocks)).toContain("telegram");
    const before = tg.sent(CHAT).length;
    await agentSays(card.ts, "I can see your refund now.");
    await tg.waitForCalls("sendMessage", before + 1);
    const last = tg.sent(CHAT).at(-1);
    expect(last?.text).toContain("I can see your refund now.");
    expect(last?.text).toContain(`${TEXT.fromAgent.en} Alice`);
  });

  it("a user who blocked the bot is marked unreachable and the agent is told", async () => {
    const { card } = await openTelegramHandoff();
    tg.failNext("sendMessage", BLOCKED_BY_USER);
    await agentSays(card.ts, "Are you still there?");
    await slack.waitFor((fake) => fake.callsOf("chat.postEphemeral").length > 0);
    expect(String(slack.callsOf("chat.postEphemeral")[0]?.args.text)).toMatch(/cannot be reached/);
    expect((await bot.store.load(`telegram:dm:${CHAT}`))?.unreachable).toBe(true);
  });
});
