import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { TEXT } from "../../src/texts.js";
import { startTestBot } from "../support/bot.js";
import { BLOCKED_BY_USER, FAKE_BOT, FAKE_BOT_ADMIN, FAKE_WEBHOOK, type FakeTelegram, startFakeTelegram, TOO_MANY_REQUESTS } from "../support/fake-telegram.js";
import { telegramClick, telegramUpdate } from "../support/telegram-updates.js";

const ALICE = "111111111";
const WANG = "222222222";
const GROUP = "-1001111111111";
const DISCUSSION = "-1003333333333";

/** The first line of a knowledge answer, up to any placeholder: what the user must see of it. */
function knowledgeLine(topic: string, field: "answer" | "public_answer", language: "zh" | "en"): string {
  const entry = parse(readFileSync(new URL(`../../knowledge/faq/${topic}.yaml`, import.meta.url), "utf8")) as Record<string, Record<string, string>>;
  const first = (entry[field]?.[language] ?? "").trim().split("\n")[0] ?? "";
  return first.split("{{")[0]?.trim() ?? "";
}

/**
 * The whole bot (startBot) in one mode against a fresh fake Bot API, per test. The keys the test
 * wrote are deleted afterwards, including those of a restarted bot sharing the prefix.
 */
function useTelegramBot(mode: "polling" | "webhook") {
  const h = {
    tg: undefined as unknown as FakeTelegram,
    bot: undefined as unknown as Awaited<ReturnType<typeof startTestBot>>,
    redis: undefined as unknown as Redis,
    async start(env: Record<string, string> = {}) {
      h.bot = await startTestBot({ ...h.tg.env({ webhook: mode === "webhook" }), ...env });
      if (mode === "webhook") h.tg.forwardWebhookTo(h.bot.port);
    },
    async conversation(id: string) {
      const json = await h.redis.hget(`${h.bot.config.REDIS_PREFIX}conv:${id}`, "json");
      return json === null ? undefined : (JSON.parse(json) as { unreachable: boolean; turns: { role: string; text: string }[] });
    },
    /** Conversations and de-duplication claims: what handling a message leaves behind. */
    async storedKeys() {
      const prefix = h.bot.config.REDIS_PREFIX;
      return [...(await h.redis.keys(`${prefix}conv:*`)), ...(await h.redis.keys(`${prefix}dedupe:*`))];
    },
  };
  beforeEach(async () => {
    h.redis = new Redis(inject("REDIS_URL"));
    h.tg = await startFakeTelegram();
    await h.start();
  });
  afterEach(async () => {
    await h.bot.stop();
    await h.tg.close();
    h.redis.disconnect();
  });
  return h;
}

describe.each(["polling", "webhook"] as const)("telegram end to end (%s, real grammY, fake Bot API, real Redis)", (mode) => {
  const h = useTelegramBot(mode);

  it("connects the way the mode says, asking Telegram for no edited messages", async () => {
    if (mode === "webhook") {
      expect(h.tg.registeredWebhook).toEqual({ url: FAKE_WEBHOOK.url, secret: FAKE_WEBHOOK.secret, allowedUpdates: ["message", "callback_query", "my_chat_member"] });
      expect(h.tg.callsOf("getUpdates")).toEqual([]);
    } else {
      // Handled means the first long poll has been answered: its parameters are on record.
      await h.tg.deliver(telegramUpdate("group-plain"));
      expect(h.tg.callsOf("deleteWebhook").length).toBe(1);
      expect(h.tg.callsOf("getUpdates")[0]?.params.allowed_updates).toEqual(["message", "callback_query", "my_chat_member"]);
    }
  });

  it("answers a private question once, in the private chat, with the right answer", async () => {
    await h.tg.deliver(telegramUpdate("private-text"));
    const [reply, ...more] = h.tg.sent(ALICE);
    expect(more).toEqual([]);
    expect(reply?.threadId).toBeUndefined();
    expect(reply?.replyTo).toBeUndefined();
    expect(h.tg.callsOf("sendMessage")[0]?.params.parse_mode).toBe("HTML");
    // Waits for the engine (issue 3): the placeholder answers every message with a fallback.
    expect(reply?.text).toContain(knowledgeLine("refund.status", "answer", "en"));
  });

  it("answers a private question in Chinese with the Chinese answer", async () => {
    await h.tg.deliver(telegramUpdate("private-text-zh"));
    expect(h.tg.sent(WANG).length).toBe(1);
    // Waits for the engine (issue 3).
    expect(h.tg.sent(WANG)[0]?.text).toContain(knowledgeLine("refund.status", "answer", "zh"));
  });

  it("answers a group mention as a reply to the user's message, with the public answer", async () => {
    await h.tg.deliver(telegramUpdate("group-mention"));
    const replies = h.tg.sent(GROUP);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.replyTo).toBe(20);
    expect(h.tg.sent(ALICE)).toEqual([]);
    // Waits for the engine (issue 3): public answer plus an invitation to continue in private.
    expect(replies[0]?.text).toContain(knowledgeLine("refund.status", "public_answer", "en").split(";")[0]);
    const links = replies.flatMap((reply) => reply.keyboard.flat()).flatMap((key) => ("url" in key ? [key.url] : []));
    expect(links.some((url) => url.startsWith(`https://t.me/${FAKE_BOT.username}?start=`))).toBe(true);
  });

  it("asks for its rights in a group once, not for every message", async () => {
    await h.tg.deliver(telegramUpdate("group-mention"));
    await h.tg.deliver(telegramUpdate("group-reply-to-bot"));
    expect(h.tg.callsOf("getChatMember").map((call) => call.params)).toEqual([{ chat_id: Number(GROUP), user_id: FAKE_BOT.id }]);
    expect(h.tg.sent(GROUP).filter((reply) => reply.replyTo === 21).length).toBeGreaterThan(0);
  });

  it.each([
    [true, TEXT.publicSecretDeleted.en],
    [false, TEXT.publicSecretPleaseDelete.en],
  ])("handles a card number exposed in a group (bot may delete: %s)", async (admin, warning) => {
    if (admin) h.tg.setBotMember(GROUP, FAKE_BOT_ADMIN);
    const update = telegramUpdate("group-mention");
    if (update.message) update.message.text = "@topay_support_bot my card 4111 1111 1111 1111 was charged twice";
    await h.tg.deliver(update);
    expect(h.tg.callsOf("deleteMessage").map((call) => call.params)).toEqual(admin ? [{ chat_id: Number(GROUP), message_id: 20 }] : []);
    expect(h.tg.sent(GROUP).map((reply) => reply.text)).toEqual([warning]);
  });

  it("stays silent in a group on messages not addressed to it, and stores nothing", async () => {
    for (const name of ["group-plain", "group-other-bot-command", "channel-post", "discussion-auto-forward"]) await h.tg.deliver(telegramUpdate(name));
    expect(h.tg.callsOf("sendMessage")).toEqual([]);
    expect(h.tg.callsOf("getChatMember")).toEqual([]);
    expect(await h.storedKeys()).toEqual([]);
  });

  it("answers a comment under a channel post in that post's thread", async () => {
    await h.tg.deliver(telegramUpdate("channel-comment"));
    const replies = h.tg.sent(DISCUSSION);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply).toMatchObject({ threadId: 900, replyTo: 901 });
  });

  it("answers every button click and sends the follow-up", async () => {
    await h.tg.deliver(telegramUpdate("callback-query"));
    expect(h.tg.callsOf("answerCallbackQuery").map((call) => call.params)).toEqual([{ callback_query_id: "4382730172839471101" }]);
    expect(h.tg.sent(ALICE).length).toBeGreaterThan(0);
  });

  it("follows a button under an answer to the topic it names", async () => {
    await h.tg.deliver(telegramUpdate("private-text"));
    // Waits for the engine (issue 3): the refund answer offers "Request a refund" as a follow-up.
    const answer = h.tg.sent(ALICE)[0];
    const button = answer?.keyboard.flat().find((key) => key.text === "Request a refund");
    expect(button && "callback_data" in button).toBe(true);
    if (!answer || !button || !("callback_data" in button)) return;
    await h.tg.deliver(telegramClick(answer, button.callback_data, "4382730172839471999"));
    expect(h.tg.callsOf("answerCallbackQuery").length).toBe(1);
    expect(h.tg.sent(ALICE).at(-1)?.text).toContain(knowledgeLine("refund.request", "answer", "en"));
  });

  it("waits out a 429 and then delivers the answer once", async () => {
    h.tg.failNext("sendMessage", TOO_MANY_REQUESTS);
    await h.tg.deliver(telegramUpdate("private-text"));
    const [limited, retried, ...more] = h.tg.callsOf("sendMessage");
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(more).toEqual([]);
    // retry_after is 1 s: the retry came no sooner (Date.now() is whole milliseconds, hence the margin).
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(h.tg.sent(ALICE).length).toBe(1);
  });

  it("marks a user who blocked the bot unreachable, without retrying, and keeps serving others", async () => {
    h.tg.failNext("sendMessage", BLOCKED_BY_USER);
    await h.tg.deliver(telegramUpdate("private-text"));
    expect(h.tg.callsOf("sendMessage").map((call) => call.status)).toEqual([403]);
    expect((await h.conversation(`telegram:dm:${ALICE}`))?.unreachable).toBe(true);
    await h.tg.deliver(telegramUpdate("private-text-zh"));
    expect(h.tg.sent(WANG).length).toBe(1);
  });

  it("answers an update delivered again (after a restart) only once", async () => {
    const update = telegramUpdate("private-text");
    await h.tg.deliver(update);
    await h.bot.stop({ keep: true });
    await h.start({ REDIS_PREFIX: h.bot.config.REDIS_PREFIX });
    await h.tg.deliver(update);
    expect(h.tg.sent(ALICE).length).toBe(1);
  });

  it("answers a sticker with the text-only reply in the conversation's language", async () => {
    await h.tg.deliver(telegramUpdate("private-text"));
    await h.tg.deliver(telegramUpdate("private-sticker"));
    expect(h.tg.sent(ALICE).at(-1)?.text).toBe(TEXT.textOnly.en);
    await h.tg.deliver(telegramUpdate("private-voice"));
    expect(h.tg.sent(WANG).map((reply) => reply.text)).toEqual([TEXT.textOnly.zh]);
  });

  it("ignores an edited message: no second answer, no new turn", async () => {
    await h.tg.deliver(telegramUpdate("private-text"));
    await h.tg.deliver(telegramUpdate("edited-message"));
    expect(h.tg.sent(ALICE).length).toBe(1);
    const turns = (await h.conversation(`telegram:dm:${ALICE}`))?.turns ?? [];
    expect(turns.filter((turn) => turn.role === "user").map((turn) => turn.text)).toEqual(["where is my refund?"]);
  });

  it("greets /start with a deep-link payload in the private chat", async () => {
    await h.tg.deliver(telegramUpdate("private-start"));
    expect(h.tg.sent(ALICE).length).toBeGreaterThan(0);
  });
});

describe("telegram webhook (real grammY, fake Bot API, real Redis)", () => {
  const h = useTelegramBot("webhook");

  it("refuses a webhook request without the right secret, processing nothing", async () => {
    const update = telegramUpdate("private-text");
    expect((await h.tg.deliver(update, { secret: "wrong-secret" })).status).toBe(401);
    expect((await h.tg.deliver(update, { secret: null })).status).toBe(401);
    expect(h.tg.callsOf("sendMessage")).toEqual([]);
    expect(await h.storedKeys()).toEqual([]);
    // Nothing was claimed either: the genuine delivery is answered.
    expect((await h.tg.deliver(update)).status).toBe(200);
    expect(h.tg.sent(ALICE).length).toBe(1);
  });

  it("answers an update Telegram posts twice at once only once", async () => {
    const update = telegramUpdate("private-text");
    const statuses = await Promise.all([h.tg.deliver(update), h.tg.deliver(update)]);
    expect(statuses.map(({ status }) => status)).toEqual([200, 200]);
    expect(h.tg.sent(ALICE).length).toBe(1);
  });
});
