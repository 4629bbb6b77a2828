import { MessageFlags } from "discord.js";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HANDOFF_QUEUE } from "../../src/handoff/queue.js";
import { TEXT } from "../../src/texts.js";
import { startTestBot } from "../support/bot.js";
import { shownOnDiscord } from "../support/discord-text.js";
import { type FakeDiscord, startFakeDiscord } from "../support/fake-discord.js";
import type { FakeSlack } from "../support/fake-slack.js";
import { FAKE_BOT_ADMIN, type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";
import { captureLog } from "../support/log-capture.js";
import { dumpRedis } from "../support/safety.js";
import { startSlackDesk, workCard } from "../support/slack-agent.js";
import { telegramUpdate } from "../support/telegram-updates.js";

const CARD = "4111 1111 1111 1111";
/** Chinese resident ID numbers with valid check characters (one ends in X). */
const IDS = ["11010519491231002X", "110105195712126070"];
/** Every form in which the users below type their secrets: none may be kept anywhere. */
const SECRETS = [CARD, CARD.replaceAll(" ", ""), CARD.replaceAll(" ", "-"), ...IDS];
const CARD_MASK = "[card ****1111]";

/** Alice Chen (test/fixtures/telegram), in private and in the users' group. */
const ALICE = "111111111";
const GROUP = "-1001111111111";

/**
 * The whole bot as `npm start` wires it, with Telegram, Discord and Slack configured, its log
 * captured, and a real Redis: what an operator, an attacker with the database, or an agent could
 * ever read.
 */
describe("payment-grade safety end to end (Telegram, Discord, Slack, real Redis)", () => {
  const captured = captureLog("trace");
  let slack: FakeSlack;
  let tg: FakeTelegram;
  let discord: FakeDiscord;
  let bot: Awaited<ReturnType<typeof startTestBot>>;
  let redis: Redis;

  beforeAll(async () => {
    const desk = await startSlackDesk();
    slack = desk.slack;
    tg = await startFakeTelegram();
    discord = await startFakeDiscord();
    bot = await startTestBot({ ...desk.env, ...tg.env(), ...discord.env }, captured.log);
    redis = new Redis(inject("REDIS_URL"));
    tg.setBotMember(GROUP, FAKE_BOT_ADMIN);
  });
  afterAll(async () => {
    await bot.stop();
    await discord.close();
    await tg.close();
    await slack.stop();
    redis.disconnect();
  });

  it("a card number and an ID number typed on Telegram (private and public) and on Discord appear in no log, no Redis key, no handoff job, no Slack call", async () => {
    // Telegram, private: a question with both secrets, a handoff, a follow-up while waiting.
    await tg.deliver(telegramUpdate("private-text", `my card ${CARD} was charged twice, my ID is ${IDS[0]}`));
    await tg.deliver(telegramUpdate("private-human"));
    const work = await workCard(slack, bot.url);
    await tg.deliver(telegramUpdate("private-text", `again: ${CARD.replaceAll(" ", "")}, please hurry`));
    await work.threadGets("please hurry");
    await work.claim();
    const before = tg.callsOf("sendMessage").length;
    await work.reply("I can see the double charge and I am refunding it.");
    await tg.waitForCalls("sendMessage", before + 1);
    // Telegram, public: the comment is deleted and answered with a warning that does not repeat it.
    await tg.deliver(telegramUpdate("group-mention", `@topay_support_bot my card ${CARD} is blocked`));
    // Discord, private.
    discord.dm("mei", `卡号 ${CARD.replaceAll(" ", "-")},身份证 ${IDS[1]},付款失败了`);
    await discord.waitForSent(discord.dmChannel("mei"), 1);

    const handoffId = (JSON.parse((await redis.hget(`${bot.prefix}conv:telegram:dm:${ALICE}`, "json")) ?? "{}") as { openHandoffId: string }).openHandoffId;
    const places = {
      log: captured.output(),
      redis: await dumpRedis(redis, bot.prefix),
      job: JSON.stringify(await redis.hgetall(`${bot.prefix}bull:${HANDOFF_QUEUE}:${handoffId}`)),
      slack: JSON.stringify(slack.calls),
    };
    for (const [place, content] of Object.entries(places)) {
      for (const secret of SECRETS) expect(content.includes(secret), `${secret} in ${place}`).toBe(false);
    }
    // These are the right places to look: the card's mask is where the card would have been.
    expect(places.job).toContain(CARD_MASK);
    expect(places.slack).toContain(CARD_MASK);
    expect(places.redis).toContain(CARD_MASK);
    expect(places.log).toContain("bot started");

    // And the users were told.
    expect(tg.sent(ALICE).map((message) => message.text).join("\n")).toContain(TEXT.secretShared.en);
    expect(tg.sent(GROUP).map((message) => message.text)).toContain(TEXT.publicSecretDeleted.en);
    expect(tg.callsOf("deleteMessage").map((call) => call.params.chat_id)).toEqual([Number(GROUP)]);
    expect(discord.sent.map((sent) => sent.body.content).join("\n")).toContain(TEXT.secretShared.zh.slice(0, 12));
  });

  it("sends no link that is not brand.yaml's, whoever wrote it, and lets no link unfold into a preview", async () => {
    // An agent pastes a link that is not ours; the official one stays.
    discord.dm("lin", "转人工");
    const work = await workCard(slack, bot.url, 1);
    await work.claim();
    await work.reply("请在 https://topay-refund.example/claim 填写,或到官网 https://www.topay.example/help 查看");
    await discord.waitFor(() => discord.sent.some((sent) => sent.body.content?.includes("www.topay.example/help") === true), "the agent's message");
    const agentMessage = shownOnDiscord(discord.sent.find((sent) => sent.body.content?.includes("www.topay.example/help"))?.body.content ?? "");
    expect(agentMessage).toContain(TEXT.linkRemoved.zh);
    expect(agentMessage).not.toContain("topay-refund.example");
    // A knowledge answer with the official download link keeps it.
    await tg.deliver(telegramUpdate("private-text-zh", "怎么下载app"));
    expect(tg.sent("222222222").map((message) => message.text).join("\n")).toContain("https://www.topay.example/download");

    expect(tg.callsOf("sendMessage").length).toBeGreaterThan(3);
    for (const call of tg.callsOf("sendMessage")) expect(call.params.link_preview_options).toEqual({ is_disabled: true });
    expect(discord.sent.length).toBeGreaterThan(2);
    for (const sent of discord.sent) expect(sent.body.flags).toBe(MessageFlags.SuppressEmbeds);
  });
});
