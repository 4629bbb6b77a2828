import type { Api } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Button, Language, OutboundMessage } from "../../src/conversation/model.js";
import { detectLanguage } from "../../src/engine/language.js";
import { splitText } from "../../src/format/split.js";
import { INVITE_TOKEN } from "../../src/safety/private-invites.js";
import { agentLine, TEXT } from "../../src/texts.js";
import { TelegramRenderError } from "./errors.js";
import { escapeHtml, MAX_MESSAGE_CHARS } from "./format.js";

/** One Telegram message: HTML text, and the keyboard when it is the last part of a reply. */
export interface RenderedPart {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Telegram's limit on callback_data, in bytes. */
const MAX_CALLBACK_DATA_BYTES = 64;
/** Labels this short ("1".."5", "👍") sit side by side; longer ones get a row each so none is cut. */
const SHORT_LABEL_CHARS = 4;
/** Telegram shows at most this many buttons in one row. */
const MAX_BUTTONS_PER_ROW = 8;

/**
 * An outbound message as Telegram messages: split at 4096 characters on paragraph boundaries,
 * buttons under the last part. Fixed labels follow the language the reply is written in.
 */
export function renderMessage(message: OutboundMessage, botUsername: string): RenderedPart[] {
  const language = detectLanguage(message.text);
  const author = message.fromAgent === undefined ? "" : agentLine(message.fromAgent, language);
  // The author line counts against the limit of the first part only; reserving it in every part keeps one rule.
  const parts = splitText(message.text, MAX_MESSAGE_CHARS - (author === "" ? 0 : author.length + 1));
  const keyboard = keyboardFor(message, botUsername, language);
  return parts.map((part, index) => ({
    text: (index === 0 && author !== "" ? `<b>${escapeHtml(author)}</b>\n` : "") + escapeHtml(part),
    ...(index === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
  }));
}

function keyboardFor(message: OutboundMessage, botUsername: string, language: Language): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  if (message.continueInPrivate) {
    const { token } = message.continueInPrivate;
    if (!INVITE_TOKEN.test(token)) throw new TelegramRenderError("continueInPrivate.token", `"${token}" is not 1-64 characters of A-Z, a-z, 0-9, _ and -`);
    rows.push([{ text: TEXT.continueInPrivate[language], url: `https://t.me/${botUsername}?start=${token}` }]);
  }
  rows.push(...buttonRows(message.buttons));
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

function buttonRows(buttons: readonly Button[]): InlineKeyboardButton[][] {
  const keys = buttons.map(({ id, label }) => {
    if (Buffer.byteLength(id) > MAX_CALLBACK_DATA_BYTES) throw new TelegramRenderError("button id", `"${id}" is over ${MAX_CALLBACK_DATA_BYTES} bytes`);
    return { text: label, callback_data: id };
  });
  if (!buttons.every(({ label }) => [...label].length <= SHORT_LABEL_CHARS)) return keys.map((key) => [key]);
  const rows: InlineKeyboardButton[][] = [];
  for (let at = 0; at < keys.length; at += MAX_BUTTONS_PER_ROW) rows.push(keys.slice(at, at + MAX_BUTTONS_PER_ROW));
  return rows;
}

/** Where a message goes: a chat, its thread, and in public chats the message it answers. */
export interface Destination {
  chatId: number | string;
  threadId?: number;
  replyTo?: number;
}

/** Sends every part of one message, in order. */
export async function sendOutbound(api: Api, to: Destination, message: OutboundMessage, botUsername: string): Promise<void> {
  for (const part of renderMessage(message, botUsername)) {
    await api.sendMessage(to.chatId, part.text, {
      parse_mode: "HTML",
      // A preview would make Telegram fetch the link and show its page: the bot never vouches for one.
      link_preview_options: { is_disabled: true },
      ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
      ...(to.threadId === undefined ? {} : { message_thread_id: to.threadId }),
      // The user may have deleted their message meanwhile (or the bot did: it exposed a secret).
      ...(to.replyTo === undefined ? {} : { reply_parameters: { message_id: to.replyTo, allow_sending_without_reply: true } }),
    });
  }
}
