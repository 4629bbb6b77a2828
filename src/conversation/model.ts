import { z } from "zod";

/** The central types: every adapter turns platform events into these, and renders these back. */

export const platformSchema = z.enum(["telegram", "discord", "console"]);
export type Platform = z.infer<typeof platformSchema>;

export const languageSchema = z.enum(["zh", "en"]);
export type Language = z.infer<typeof languageSchema>;

/** Text in both languages: every user-facing string exists in zh and en. */
export const localizedSchema = z.object({ zh: z.string(), en: z.string() });
export type Localized = z.infer<typeof localizedSchema>;

export const participantSchema = z.object({
  /** The platform's user id, as a string (Telegram and Discord ids exceed 2^53 or are snowflakes). */
  id: z.string().min(1),
  displayName: z.string().default(""),
  /** The platform's language setting, when it gives one (Telegram's language_code). */
  languageHint: z.string().optional(),
});
export type Participant = z.infer<typeof participantSchema>;

/** `dm`: a private chat. `comment`: a public place (group, channel comments, guild channel) read by everyone. */
export const conversationKindSchema = z.enum(["dm", "comment"]);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

/** Where to reach a user: enough for the owning adapter to send a message there. */
export const conversationRefSchema = z.object({
  platform: platformSchema,
  chatId: z.string().min(1),
  /** Telegram message_thread_id, a Discord thread id, ...: where in the chat the exchange happens. */
  threadId: z.string().optional(),
  kind: conversationKindSchema,
});
export type ConversationRef = z.infer<typeof conversationRefSchema>;

/** What the bot could not read: it answers text only. */
export const unreadableSchema = z.enum(["photo", "sticker", "voice", "video", "file", "location", "contact", "other"]);
export type Unreadable = z.infer<typeof unreadableSchema>;

export const inboundMessageSchema = z.object({
  /** The platform's id of this message (or update): the de-duplication key. */
  messageId: z.string().min(1),
  ref: conversationRefSchema,
  author: participantSchema,
  text: z.string(),
  /** A click on one of the bot's buttons: the button's stable action id. */
  action: z.string().optional(),
  /** In a public place: the user addressed the bot (mention, reply to it, command). */
  addressedToBot: z.boolean().default(true),
  /** Set when the message carries content the bot cannot read (a photo, a sticker...). */
  unreadable: unreadableSchema.optional(),
  /** In a public place: the bot has the right to delete this message (group admin, Manage Messages). */
  botCanDelete: z.boolean().default(false),
  /** A deep-link payload or a slash command argument that starts the conversation (e.g. /start <token>). */
  startPayload: z.string().optional(),
  receivedAt: z.number().int(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageInput = z.input<typeof inboundMessageSchema>;

export const buttonSchema = z.object({
  /** Stable action id, fed back as InboundMessage.action when clicked (e.g. `topic:refund.status`). */
  id: z.string().min(1).max(64),
  label: z.string().min(1),
});
export type Button = z.infer<typeof buttonSchema>;

export const outboundMessageSchema = z.object({
  text: z.string(),
  // Readonly: the engine shares one frozen answer between conversations; a reply is never edited in place.
  buttons: z.array(buttonSchema).readonly().default([]),
  /** Offer to move from a public comment into a private chat; the adapter renders it (deep link, DM). */
  continueInPrivate: z.object({ token: z.string() }).optional(),
  /** Written by a human agent: adapters mark it as such. */
  fromAgent: z.string().optional(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
export type OutboundMessageInput = z.input<typeof outboundMessageSchema>;

/** What the adapter does after the pipeline handled one inbound message. */
export interface HandleResult {
  /** The bot's immediate replies, in order. */
  replies: OutboundMessage[];
  /** Delete the user's message (it exposed a secret in public); only set when botCanDelete was true. */
  deleteInbound: boolean;
}

/** No reply, nothing to delete: an ignored or duplicate message. */
export const NOTHING: HandleResult = { replies: [], deleteInbound: false };

export const conversationStateSchema = z.enum(["bot", "queued", "assigned", "closed"]);
export type ConversationState = z.infer<typeof conversationStateSchema>;

export const turnSchema = z.object({
  role: z.enum(["user", "bot", "agent"]),
  /** Always redacted before it is stored. */
  text: z.string(),
  at: z.number().int(),
});
export type Turn = z.infer<typeof turnSchema>;

/** How many turns a conversation keeps: enough for an agent to see what happened. */
export const MAX_TURNS = 20;

export const conversationSchema = z.object({
  id: z.string().min(1),
  ref: conversationRefSchema,
  user: participantSchema,
  language: languageSchema,
  state: conversationStateSchema,
  /** Fallbacks in a row: the second one offers a human. */
  consecutiveMisses: z.number().int().min(0),
  lastTopic: z.string().nullable(),
  openHandoffId: z.string().nullable(),
  /** The platform said this user cannot be reached (blocked the bot, closed DMs): stop sending. */
  unreachable: z.boolean().default(false),
  /** Warnings already given once in this conversation (e.g. `secret-shared`). */
  warned: z.array(z.string()).default([]),
  turns: z.array(turnSchema).max(MAX_TURNS),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/**
 * One conversation per user and place: a DM, or one user's exchange in a public chat.
 * The id is stable, so it keys the store, the handoff and the Slack thread.
 */
export function conversationId(ref: ConversationRef, userId: string): string {
  return ref.kind === "dm" ? `${ref.platform}:dm:${ref.chatId}` : `${ref.platform}:comment:${ref.chatId}:${userId}`;
}

export function newConversation(ref: ConversationRef, user: Participant, language: Language, now: number): Conversation {
  return {
    id: conversationId(ref, user.id),
    ref,
    user,
    language,
    state: "bot",
    consecutiveMisses: 0,
    lastTopic: null,
    openHandoffId: null,
    unreachable: false,
    warned: [],
    turns: [],
    createdAt: now,
    updatedAt: now,
  };
}

export function appendTurn(conversation: Conversation, turn: Turn): void {
  conversation.turns.push(turn);
  if (conversation.turns.length > MAX_TURNS) conversation.turns.splice(0, conversation.turns.length - MAX_TURNS);
}
