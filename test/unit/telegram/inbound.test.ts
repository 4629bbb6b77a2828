import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { fromUpdate } from "../../../adapters/telegram/inbound.js";
import { inboundMessageSchema } from "../../../src/conversation/model.js";
import { FAKE_BOT } from "../../support/fake-telegram.js";
import { telegramUpdate } from "../../support/telegram-updates.js";

const NOW = 1_767_300_000_000;

function read(name: string, change?: (update: Update) => void) {
  const update = telegramUpdate(name);
  change?.(update);
  const inbound = fromUpdate(update, FAKE_BOT, NOW);
  if (inbound) inboundMessageSchema.parse(inbound.input);
  return inbound;
}

describe("telegram inbound: private chats", () => {
  it("turns a private message into a dm turn keyed by chat and message id", () => {
    const inbound = read("private-text");
    expect(inbound).toEqual({
      chatId: 111111111,
      input: {
        messageId: "111111111:10",
        ref: { platform: "telegram", chatId: "111111111", kind: "dm" },
        author: { id: "111111111", displayName: "Alice Chen", languageHint: "en" },
        text: "where is my refund?",
        addressedToBot: true,
        receivedAt: 1767225600 * 1000,
      },
    });
  });

  it("passes the /start deep-link payload and an empty text", () => {
    const { input } = read("private-start") ?? {};
    expect(input).toMatchObject({ text: "", startPayload: "c-Xy12_ab" });
  });

  it("turns /help and /human into the help and handoff actions", () => {
    expect(read("private-help")?.input).toMatchObject({ text: "", action: "help" });
    expect(read("private-human")?.input).toMatchObject({ text: "", action: "handoff" });
  });

  it.each([
    ["private-sticker", "sticker", ""],
    ["private-photo-caption", "photo", "my refund still shows pending, see screenshot"],
    ["private-voice", "voice", ""],
    ["private-location", "location", ""],
    ["private-document", "file", ""],
    ["private-animation", "video", ""],
  ])("marks %s as unreadable (%s) and keeps its caption", (name, unreadable, text) => {
    expect(read(name)?.input).toMatchObject({ unreadable, text });
  });

  it("ignores edits, and service messages that carry nothing to answer", () => {
    expect(read("edited-message")).toBeUndefined();
    expect(read("private-text", (update) => delete update.message?.text)).toBeUndefined();
  });

  it("ignores other bots", () => {
    expect(read("private-text", (update) => update.message && (update.message.from.is_bot = true))).toBeUndefined();
  });
});

describe("telegram inbound: groups", () => {
  it("answers a mention as a reply, without the @mention in the question", () => {
    const inbound = read("group-mention");
    expect(inbound).toMatchObject({ chatId: -1001111111111, replyTo: 20, groupMessageId: 20 });
    expect(inbound?.threadId).toBeUndefined();
    expect(inbound?.input).toMatchObject({
      messageId: "-1001111111111:20",
      ref: { platform: "telegram", chatId: "-1001111111111", kind: "comment" },
      text: "where is my refund?",
    });
  });

  it("recognises the mention whatever its letter case, and leaves a Chinese question alone", () => {
    expect(read("group-mention-zh")?.input.text).toBe("退款还没到账");
  });

  it("answers a reply to the bot and a command addressed to it", () => {
    expect(read("group-reply-to-bot")?.input.text).toBe("still nothing after 5 days");
    expect(read("group-command")?.input).toMatchObject({ text: "", action: "help" });
  });

  it("stays silent on messages not addressed to it", () => {
    expect(read("group-plain")).toBeUndefined();
    expect(read("group-other-bot-command")).toBeUndefined();
  });

  it("answers a comment under a channel post in the post's thread", () => {
    const inbound = read("channel-comment");
    expect(inbound).toMatchObject({ chatId: -1003333333333, threadId: 900, replyTo: 901 });
    expect(inbound?.input.ref).toEqual({ platform: "telegram", chatId: "-1003333333333", threadId: "900", kind: "comment" });
  });

  it("ignores the channel post and its automatic forward, even when they mention the bot", () => {
    expect(read("channel-post")).toBeUndefined();
    expect(read("discussion-auto-forward")).toBeUndefined();
  });

  it("ignores changes of the bot's membership (they only refresh its rights)", () => {
    expect(read("my-chat-member-admin")).toBeUndefined();
  });
});

describe("telegram inbound: button clicks", () => {
  it("feeds the button id in as the action, keyed by the callback query id", () => {
    const inbound = read("callback-query");
    expect(inbound?.input).toMatchObject({
      messageId: "4382730172839471101",
      ref: { platform: "telegram", chatId: "111111111", kind: "dm" },
      author: { id: "111111111" },
      text: "",
      action: "handoff",
      receivedAt: NOW,
    });
    expect(inbound?.replyTo).toBeUndefined();
  });

  it("ignores a click without data or message (inline mode)", () => {
    expect(read("callback-query", (update) => delete update.callback_query?.message)).toBeUndefined();
  });
});
