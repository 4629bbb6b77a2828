import type { UserFromGetMe } from "grammy/types";
import type { ConversationRef, InboundMessageInput, Participant, Unreadable } from "../../src/conversation/model.js";
import { BUTTON } from "../../src/engine/types.js";
import type { TelegramCallbackQuery, TelegramChat, TelegramEntity, TelegramMessage, TelegramUpdate, TelegramUser } from "./update-schema.js";

/** One update the bot answers, with what the adapter needs to answer it where it came from. */
export interface TelegramInbound {
  input: InboundMessageInput;
  chatId: number;
  /**
   * The forum topic or channel-post comment thread the answer goes to. Plain reply chains in a
   * group carry a message_thread_id too; the answer reaches them as a reply, without it.
   */
  threadId?: number;
  /** In a public chat the answer replies to this message, so the asker sees it is theirs. */
  replyTo?: number;
  /** The user's own message in a group: what HandleResult.deleteInbound removes. */
  groupMessageId?: number;
}

/** Content the bot cannot read, in the order checked: an animation also carries a `document`. */
const UNREADABLE: [keyof TelegramMessage, Unreadable][] = [
  ["photo", "photo"],
  ["sticker", "sticker"],
  ["voice", "voice"],
  ["audio", "voice"],
  ["video", "video"],
  ["video_note", "video"],
  ["animation", "video"],
  ["document", "file"],
  ["location", "location"],
  ["venue", "location"],
  ["contact", "contact"],
  ["poll", "other"],
  ["dice", "other"],
  ["story", "other"],
];

/** The commands the bot offers (also listed to BotFather in the README). */
const COMMANDS = ["start", "help", "human"] as const;
type Command = (typeof COMMANDS)[number];

/** Telegram's own account: it posts the automatic forwards of channel posts into discussion groups. */
const TELEGRAM_SERVICE_USER_ID = 777000;

/**
 * The conversation turn an update carries, or undefined for what the bot stays silent on:
 * edits, channel posts, service messages, other bots, and group messages not addressed to it.
 * The update has been checked by readUpdate (update-schema.ts).
 */
export function fromUpdate(update: TelegramUpdate, me: UserFromGetMe, now: number): TelegramInbound | undefined {
  if (update.message) return fromMessage(update.message, me);
  if (update.callback_query) return fromCallback(update.callback_query, now);
  return undefined;
}

function fromMessage(message: TelegramMessage, me: UserFromGetMe): TelegramInbound | undefined {
  const { from, chat } = message;
  if (!from || from.is_bot || from.id === TELEGRAM_SERVICE_USER_ID || message.is_automatic_forward) return undefined;
  if (chat.type === "channel") return undefined;
  const unreadable = UNREADABLE.find(([field]) => message[field] !== undefined)?.[1];
  const rawText = message.text ?? message.caption ?? "";
  if (rawText === "" && unreadable === undefined) return undefined;
  const isPrivate = chat.type === "private";
  const entities = message.entities ?? message.caption_entities ?? [];
  const command = readCommand(rawText, entities, me, isPrivate);
  const mentions = entities.filter((entity) => isMentionOf(entity, rawText, me));
  const isChannelComment = message.reply_to_message?.is_automatic_forward === true;
  const repliesToBot = message.reply_to_message?.from?.id === me.id;
  if (!isPrivate && !isChannelComment && !repliesToBot && mentions.length === 0 && !command) return undefined;

  const text = withoutRanges(rawText, command?.name ? [command.entity, ...mentions] : mentions);
  const threadId = message.is_topic_message || isChannelComment ? message.message_thread_id : undefined;
  const input: InboundMessageInput = {
    messageId: `${chat.id}:${message.message_id}`,
    ref: refFor(chat, threadId),
    author: participant(from),
    text: command?.name === "start" ? "" : text,
    addressedToBot: true,
    receivedAt: message.date * 1000,
  };
  if (unreadable) input.unreadable = unreadable;
  if (command?.name === "start" && text !== "") input.startPayload = text;
  if (command?.name === "help") input.action = BUTTON.help;
  if (command?.name === "human") input.action = BUTTON.handoff;
  return {
    input,
    chatId: chat.id,
    ...(threadId === undefined ? {} : { threadId }),
    ...(isPrivate ? {} : { replyTo: message.message_id, groupMessageId: message.message_id }),
  };
}

/** A click on one of the bot's buttons: the button id is the action. */
function fromCallback(query: TelegramCallbackQuery, now: number): TelegramInbound | undefined {
  const message = query.message;
  if (!query.data || !message || message.chat.type === "channel") return undefined;
  const threadId = message.is_topic_message ? message.message_thread_id : undefined;
  const input: InboundMessageInput = {
    messageId: query.id,
    ref: refFor(message.chat, threadId),
    author: participant(query.from),
    text: "",
    action: query.data,
    addressedToBot: true,
    receivedAt: now,
  };
  return {
    input,
    chatId: message.chat.id,
    ...(threadId === undefined ? {} : { threadId }),
    ...(message.chat.type === "private" ? {} : { replyTo: message.message_id }),
  };
}

function refFor(chat: TelegramChat, threadId: number | undefined): ConversationRef {
  if (chat.type === "private") return { platform: "telegram", chatId: String(chat.id), kind: "dm" };
  return { platform: "telegram", chatId: String(chat.id), ...(threadId === undefined ? {} : { threadId: String(threadId) }), kind: "comment" };
}

function participant(user: TelegramUser): Participant {
  return {
    id: String(user.id),
    displayName: [user.first_name, user.last_name].filter(Boolean).join(" "),
    ...(user.language_code ? { languageHint: user.language_code } : {}),
  };
}

/**
 * A command at the start of the message that is meant for this bot: any command in a private chat;
 * in a group one addressed to it (`/help@bot`), or one of its own commands without an address.
 */
function readCommand(text: string, entities: TelegramEntity[], me: UserFromGetMe, isPrivate: boolean): { name: Command | undefined; entity: TelegramEntity } | undefined {
  const entity = entities.find((candidate) => candidate.type === "bot_command" && candidate.offset === 0);
  if (!entity) return undefined;
  const [name = "", address] = text.slice(1, entity.length).toLowerCase().split("@");
  const known = COMMANDS.find((command) => command === name);
  const forMe = address === undefined ? isPrivate || known !== undefined : address === me.username.toLowerCase();
  return forMe ? { name: known, entity } : undefined;
}

function isMentionOf(entity: TelegramEntity, text: string, me: UserFromGetMe): boolean {
  if (entity.type === "text_mention") return entity.user?.id === me.id;
  return entity.type === "mention" && text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === me.username.toLowerCase();
}

/** The text without the bot's @mention and command: the question alone (and its language). */
function withoutRanges(text: string, entities: TelegramEntity[]): string {
  let result = text;
  for (const entity of [...entities].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, entity.offset) + result.slice(entity.offset + entity.length);
  }
  return result.replace(/[ \t]{2,}/g, " ").trim();
}
