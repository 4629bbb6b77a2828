import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEXT } from "../../src/texts.js";
import { startDiscordTestBot } from "../support/discord-bot.js";
import { shownOnDiscord } from "../support/discord-text.js";
import type { SentMessage as DiscordSent } from "../support/fake-discord.js";
import type { SlackCall } from "../support/fake-slack.js";
import { FAKE_BOT, type FakeTelegram, type SentMessage as TelegramSent, startFakeTelegram } from "../support/fake-telegram.js";
import { AGENT, type CardWork, startSlackDesk, workCard } from "../support/slack-agent.js";
import { telegramClick, telegramUpdate } from "../support/telegram-updates.js";

/** Alice Chen (test/fixtures/telegram), in private and in the discussion group of the news channel. */
const ALICE = "111111111";
const DISCUSSION = "-1003333333333";
/** 王小明: private-text-zh.json. */
const WANG = "222222222";
const CSAT_IDS = ["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"];

/**
 * The whole bot as `npm start` wires it with every platform configured at once: users on a fake
 * Telegram and a fake Discord, agents in a fake Slack, a real Redis.
 */
let env: Awaited<ReturnType<typeof startDiscordTestBot>>;
let slack: Awaited<ReturnType<typeof startSlackDesk>>["slack"];
let tg: FakeTelegram;

beforeEach(async () => {
  const desk = await startSlackDesk();
  slack = desk.slack;
  tg = await startFakeTelegram();
  env = await startDiscordTestBot({ ...desk.env, ...tg.env() });
});
afterEach(async () => {
  await env.stop();
  await tg.close();
  await slack.stop();
});

const agentWorks = (index = 0): Promise<CardWork> => workCard(slack, env.bot.url, index);

/** Waits for the next message the bot sends on Telegram (outside a reply to an update), and returns what `chat` got. */
async function nextTelegramMessage(chat: string, send: () => Promise<unknown>) {
  const before = tg.callsOf("sendMessage").length;
  await send();
  await tg.waitForCalls("sendMessage", before + 1);
  return tg.sent(chat).at(-1);
}

/** Waits for the bot's message in the Discord channel `channelId` that `match` picks, and returns it. */
async function discordMessage(channelId: string, what: string, match: (sent: DiscordSent) => boolean): Promise<DiscordSent> {
  const find = () => env.discord.sent.find((sent) => sent.channelId === channelId && match(sent));
  await env.discord.waitFor(() => find() !== undefined, what);
  return find() as DiscordSent;
}

describe("the handoff loop across platforms", () => {
  it("a Slack agent's reply reaches the Discord user in their DM, and the whole loop closes with a score", async () => {
    const { discord } = env;
    const dm = discord.dmChannel("mei");
    discord.dm("mei", "转人工");
    const work = await agentWorks();
    expect(JSON.stringify(slack.cards()[0]?.args.blocks)).toContain("*Platform*\\ndiscord");
    expect((await env.conversation(`discord:dm:${dm}`))?.openHandoffId).toBe(work.handoffId);

    await work.claim();
    await work.reply("您好,我是客服 Alice,正在为您处理。");
    const fromAgent = await discordMessage(dm, "the agent's reply", (sent) => sent.body.content?.includes("正在为您处理") === true);
    expect(shownOnDiscord(fromAgent.body.content ?? "")).toBe(`**👤 ${TEXT.fromAgent.zh} ${AGENT.name}**\n您好,我是客服 Alice,正在为您处理。`);

    discord.dm("mei", "订单号 20240611");
    await work.threadGets("20240611");

    await work.resolve();
    const prompt = await discordMessage(dm, "the satisfaction prompt", (sent) => sent.body.components !== undefined);
    expect(prompt.body.content).toBe(TEXT.csatPrompt.zh);
    expect(discordButtons(prompt).map(([id]) => id)).toEqual(CSAT_IDS);

    const { interactionId } = discord.click("mei", prompt.message, "csat:4", "zh-CN");
    await discord.waitFor(() => discord.interactionMessages.some((sent) => sent.interactionId === interactionId), "the thanks for the score");
    expect(discord.interactionMessages.find((sent) => sent.interactionId === interactionId)?.body.content).toBe(TEXT.csatThanks.zh);
    await work.shows("Satisfaction 4/5");
    expect(slack.cards()).toHaveLength(1);
  });

  it("a Telegram user asking in a public comment is served in private: /start <token> opens the handoff there, and the loop runs in the DM", async () => {
    await tg.deliver(telegramUpdate("channel-comment", "My refund never arrived, can I talk to a person?"));
    const inPublic = tg.sent(DISCUSSION);
    expect(inPublic.map((sent) => sent.text).join("\n")).toContain(TEXT.handoffInPrivate.en);
    const link = inPublic.flatMap((sent) => sent.keyboard.flat()).flatMap((key) => ("url" in key && key.url ? [key.url] : []))[0] ?? "";
    expect(link).toMatch(new RegExp(`^https://t\\.me/${FAKE_BOT.username}\\?start=[A-Za-z0-9_-]+$`));
    // Nothing is opened for the public conversation.
    const comment = await env.conversation(`telegram:comment:${DISCUSSION}:${ALICE}`);
    expect(comment).toMatchObject({ state: "bot", openHandoffId: null });

    await tg.deliver(telegramUpdate("private-start", `/start ${new URL(link).searchParams.get("start")}`));
    const work = await agentWorks();
    expect((await env.conversation(`telegram:dm:${ALICE}`))?.openHandoffId).toBe(work.handoffId);
    const card = JSON.stringify(slack.cards()[0]?.args.blocks);
    expect(card).toContain("*Platform*\\ntelegram");
    // The agent sees what the user asked in public, before the move.
    expect(card).toContain("My refund never arrived, can I talk to a person?");

    await work.claim();
    const fromAgent = await nextTelegramMessage(ALICE, () => work.reply("Hi Alice, I can see your refund."));
    expect(fromAgent?.text).toBe(`👤 ${TEXT.fromAgent.en} ${AGENT.name}\nHi Alice, I can see your refund.`);

    await tg.deliver(telegramUpdate("private-text", "my order is 20240611"));
    await work.threadGets("20240611");

    const prompt = await nextTelegramMessage(ALICE, () => work.resolve());
    expect(prompt?.text).toBe(TEXT.csatPrompt.en);
    expect(telegramButtons(prompt).map(([id]) => id)).toEqual(CSAT_IDS);
    await tg.deliver(telegramClick(prompt!, "csat:5", "4382730172839472001"));
    expect(tg.sent(ALICE).at(-1)?.text).toBe(TEXT.csatThanks.en);
    await work.shows("Satisfaction 5/5");

    // The person's side of it never reached the group.
    expect(tg.sent(DISCUSSION)).toEqual(inPublic);
    expect(slack.cards()).toHaveLength(1);
  });

  it("Telegram and Discord users get the same answer, and cards that differ only in the platform label", async () => {
    const { discord } = env;
    const dm = discord.dmChannel("wang");
    await tg.deliver(telegramUpdate("private-text-zh"));
    discord.dm("wang", "退款还没到账");
    const [onDiscord] = await discord.waitForSent(dm, 1);
    const [onTelegram] = tg.sent(WANG);
    expect(onTelegram?.text).toContain("退款");
    expect(shownOnDiscord(onDiscord?.body.content ?? "")).toBe(onTelegram?.text);
    expect(telegramButtons(onTelegram)).not.toEqual([]);
    expect(discordButtons(onDiscord)).toEqual(telegramButtons(onTelegram));

    await tg.deliver(telegramUpdate("private-text-zh", "转人工"));
    discord.dm("wang", "转人工");
    await slack.waitFor((fake) => fake.cards().length === 2);
    const telegramCard = await cardOf(`telegram:dm:${WANG}`);
    const discordCard = await cardOf(`discord:dm:${dm}`);
    expect(differences(telegramCard, discordCard)).toEqual([
      { path: "text", a: "Handoff (normal): <name> on telegram, requested, contact.human", b: "Handoff (normal): <name> on discord, requested, contact.human" },
      { path: "blocks.1.fields.1.text", a: "*Platform*\ntelegram", b: "*Platform*\ndiscord" },
    ]);
  });
});

/** The buttons under a message on Discord, as [id, label]. */
function discordButtons(sent: DiscordSent | undefined): [string, string][] {
  const rows = (sent?.body.components ?? []) as { components?: { custom_id?: string; label?: string }[] }[];
  return rows.flatMap((row) => row.components ?? []).map((button) => [button.custom_id ?? "", button.label ?? ""]);
}

/** The buttons under a message on Telegram, as [id, label]. */
function telegramButtons(sent: TelegramSent | undefined): [string, string][] {
  return (sent?.keyboard ?? []).flat().map((key) => ["callback_data" in key ? key.callback_data : "", key.text]);
}

/** The card of a conversation's handoff, as posted, with its user's id and name, the handoff id and the opening time made generic. */
async function cardOf(conversationId: string): Promise<unknown> {
  const conversation = await env.conversation(conversationId);
  if (!conversation?.openHandoffId) throw new Error(`no handoff for ${conversationId}`);
  const handoffId = conversation.openHandoffId;
  const card = slack.cards().find((call: SlackCall) => (call.args.metadata as { event_payload: { handoff_id: string } }).event_payload.handoff_id === handoffId);
  const json = JSON.stringify({ text: card?.args.text, blocks: card?.args.blocks })
    .replaceAll(handoffId, "<handoff>")
    .replaceAll(conversation.user.id, "<user id>")
    .replaceAll(conversation.user.displayName, "<name>")
    .replace(/<!date\^\d+\^[^|]*\|[^>]*>/g, "<opened>");
  return JSON.parse(json);
}

/** Every leaf value that differs between two JSON values, with its path. */
function differences(a: unknown, b: unknown, path = ""): { path: string; a: unknown; b: unknown }[] {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) =>
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path === "" ? key : `${path}.${key}`),
    );
  }
  return Object.is(a, b) ? [] : [{ path, a, b }];
}
