import { readFileSync } from "node:fs";
import type { Update } from "grammy/types";
import type { SentMessage } from "./fake-telegram.js";

const FIXTURES = new URL("../fixtures/telegram/", import.meta.url);
let lastUpdateId = 100_000;
/** Above every message_id in the fixtures. */
let lastMessageId = 10_000;

/**
 * test/fixtures/telegram/<name>.json with a fresh update_id: Telegram numbers updates in the order
 * they happen, and a bot that polls asks only for ids above the last one it handled. `text`
 * rewrites the message's text and gives it a fresh message_id, so the same fixture can carry the
 * next message of a conversation (the bot takes a repeated message id for a redelivery).
 */
export function telegramUpdate(name: string, text?: string): Update {
  const update = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as Update;
  update.update_id = ++lastUpdateId;
  if (text !== undefined && update.message) Object.assign(update.message, { text, message_id: ++lastMessageId });
  return update;
}

/** The user clicks button `data` under the bot's message `on`; `id` is the callback query's id. */
export function telegramClick(on: SentMessage, data: string, id: string): Update {
  const update = telegramUpdate("callback-query");
  const query = update.callback_query;
  if (!query?.message || !("text" in query.message)) throw new Error("callback-query fixture lost its message");
  Object.assign(query, { id, data });
  Object.assign(query.message, { message_id: on.messageId, text: on.text, reply_markup: { inline_keyboard: on.keyboard } });
  return update;
}
