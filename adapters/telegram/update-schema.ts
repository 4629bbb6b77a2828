import { z } from "zod";
import { LOG_PROBLEMS, schemaProblems } from "../../src/log.js";

/**
 * The parts of a Telegram update the adapter reads, checked before anything reads them: Telegram
 * adds fields and update kinds over time, and anyone who learns the webhook URL can post to it.
 * Fields the bot never reads are neither checked nor kept.
 */

/** Telegram's ids fit in 52 bits; zod's int() also refuses what is not a safe integer. */
const id = z.number().int();
/** Unix seconds; the pipeline counts in milliseconds, which must stay a safe integer. */
const date = z
  .number()
  .int()
  .min(0)
  .max(Math.floor(Number.MAX_SAFE_INTEGER / 1000));
/** Content the bot cannot read (a photo, a sticker...): only whether it is there counts. */
const present = z.unknown().optional();

const user = z.object({
  id,
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});

const chat = z.object({ id, type: z.string() });

const entity = z.object({
  type: z.string(),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  /** A text_mention's user. */
  user: z.object({ id }).optional(),
});

const message = z.object({
  message_id: id,
  date,
  chat,
  from: user.optional(),
  is_automatic_forward: z.boolean().optional(),
  is_topic_message: z.boolean().optional(),
  message_thread_id: id.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  reply_to_message: z.object({ is_automatic_forward: z.boolean().optional(), from: z.object({ id }).optional() }).optional(),
  photo: present,
  sticker: present,
  voice: present,
  audio: present,
  video: present,
  video_note: present,
  animation: present,
  document: present,
  location: present,
  venue: present,
  contact: present,
  poll: present,
  dice: present,
  story: present,
});

const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  data: z.string().optional(),
  message: z.object({ message_id: id, chat, is_topic_message: z.boolean().optional(), message_thread_id: id.optional() }).optional(),
});

const myChatMember = z.object({
  chat: z.object({ id }),
  new_chat_member: z.object({ status: z.string(), can_delete_messages: z.boolean().optional() }),
});

const updateSchema = z.object({
  update_id: id,
  message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: myChatMember.optional(),
});

export type TelegramUpdate = z.infer<typeof updateSchema>;
export type TelegramMessage = z.infer<typeof message>;
export type TelegramUser = z.infer<typeof user>;
export type TelegramChat = z.infer<typeof chat>;
export type TelegramEntity = z.infer<typeof entity>;
export type TelegramCallbackQuery = z.infer<typeof callbackQuery>;


/** An update as the adapter reads it, or where it is malformed (field paths, never values). */
export function readUpdate(raw: unknown): { update: TelegramUpdate } | { problems: string[] } {
  const parsed = updateSchema.safeParse(raw);
  if (parsed.success) return { update: parsed.data };
  return { problems: schemaProblems(parsed.error, "(update)", LOG_PROBLEMS) };
}
