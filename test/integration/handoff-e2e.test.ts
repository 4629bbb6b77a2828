import { afterEach, describe, expect, it } from "vitest";
import { consoleInbox, consoleSay, startTestBot } from "../support/bot.js";
import type { FakeSlack } from "../support/fake-slack.js";
import { type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";
import { AGENT, startSlackDesk, workCard } from "../support/slack-agent.js";
import { telegramUpdate } from "../support/telegram-updates.js";

let slack: FakeSlack;
let bot: Awaited<ReturnType<typeof startTestBot>>;
let tg: FakeTelegram | undefined;

afterEach(async () => {
  await bot.stop();
  await slack.stop();
  await tg?.close();
  tg = undefined;
});

async function startWithSlack(env: Record<string, string> = {}) {
  const desk = await startSlackDesk();
  slack = desk.slack;
  bot = await startTestBot({ ...desk.env, ...env });
}

/** The agent works the card: claim, reply in the thread. */
async function agentWorks(reply: string) {
  const work = await workCard(slack, bot.url);
  await work.claim();
  await work.reply(reply);
  return work;
}

/** Waits until the console user "e2e" has received a message (outside a reply) matching `match`. */
async function untilInbox(match: (message: { text: string; fromAgent?: string }) => boolean) {
  for (;;) {
    if ((await consoleInbox(bot.url, "e2e")).some(match)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the whole handoff loop through npm start's wiring", () => {
  it("console user -> card in Slack -> claim -> reply both ways -> resolve -> satisfaction", async () => {
    await startWithSlack();
    await consoleSay(bot.url, { userId: "e2e", text: "我的退款什么时候到账" });
    const { body } = await consoleSay(bot.url, { userId: "e2e", text: "转人工" });
    expect(body.replies.map((reply) => reply.text).join("\n")).toMatch(/已为您转接人工客服/);
    const work = await agentWorks("您好,我来帮您查退款。");
    await untilInbox((message) => message.fromAgent === AGENT.name && message.text === "您好,我来帮您查退款。");
    expect((await consoleSay(bot.url, { userId: "e2e", text: "订单号 20240611" })).body.replies).toEqual([]);
    await work.threadGets("20240611");
    await work.resolve();
    await untilInbox((message) => message.text.includes("打分"));
    expect((await consoleSay(bot.url, { userId: "e2e", buttonId: "csat:5" })).body.replies[0]?.text).toMatch(/感谢您的评分/);
    await work.shows("Satisfaction 5/5");
  });

  it("Telegram user (/human) -> card in Slack -> the agent's reply reaches them on Telegram", async () => {
    tg = await startFakeTelegram();
    await startWithSlack(tg.env());
    await tg.deliver(telegramUpdate("private-human"));
    await agentWorks("Hi Alice, I am on it.");
    const sent = await tg.waitForCalls("sendMessage", 2);
    expect(JSON.stringify(sent.map((call) => call.params.text))).toContain("Hi Alice, I am on it.");
    expect(JSON.stringify(slack.cards()[0]?.args.blocks)).toContain("telegram");
  });
});
