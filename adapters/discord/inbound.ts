import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  cleanContent,
  type Message,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
} from "discord.js";
import type { ConversationRef, InboundMessageInput, Unreadable } from "../../src/conversation/model.js";

/** What the adapter needs to know about itself to read a message. */
export interface ReadContext {
  botId: string;
  /** Channels where every message is for the bot (DISCORD_SUPPORT_CHANNELS). */
  supportChannels: ReadonlySet<string>;
}

/** Where a message the bot answers was written. */
export type Place =
  | { kind: "dm"; chatId: string }
  /** A guild text channel: the bot answers in a thread it opens on the message, or with a reply. */
  | { kind: "channel"; chatId: string }
  /** Inside a thread: the bot answers there. `chatId` is the thread's parent channel. */
  | { kind: "thread"; chatId: string; threadId: string };

/**
 * Whether and where the bot answers a message: a DM; in a guild, a message that mentions the bot,
 * replies to it, is posted in a support channel, or is posted in a thread the bot opened. Anything
 * else (other bots, the bot itself, webhooks, system messages, other people's talk) is not for it.
 * A thread someone else opened in a support channel only counts when it mentions the bot.
 */
export function placeOf(message: Message, context: ReadContext): Place | undefined {
  if (message.author.bot || message.webhookId !== null || message.system) return undefined;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return undefined;
  if (!message.inGuild()) return message.channel.isDMBased() ? { kind: "dm", chatId: message.channelId } : undefined;
  const channel = message.channel;
  if (channel.isThread()) {
    if (channel.ownerId !== context.botId && !addressesBot(message, context.botId)) return undefined;
    return { kind: "thread", chatId: channel.parentId ?? channel.id, threadId: channel.id };
  }
  if (!addressesBot(message, context.botId) && !context.supportChannels.has(channel.id)) return undefined;
  return { kind: "channel", chatId: channel.id };
}

function addressesBot(message: Message, botId: string): boolean {
  // Discord's mention picker sometimes inserts the bot's own role instead of the bot user.
  const botRoleId = message.guild?.members.me?.roles.botRole?.id;
  return message.mentions.users.has(botId) || message.mentions.repliedUser?.id === botId || (botRoleId !== undefined && message.mentions.roles.has(botRoleId));
}

export function messageToInbound(message: Message, ref: ConversationRef, botId: string): InboundMessageInput {
  return {
    messageId: message.id,
    ref,
    author: { id: message.author.id, displayName: message.member?.displayName ?? message.author.displayName },
    text: textOf(message, botId),
    unreadable: unreadableOf(message),
    botCanDelete: message.inGuild() && (message.channel.permissionsFor(botId)?.has(PermissionFlagsBits.ManageMessages) ?? false),
    receivedAt: Date.now(),
  };
}

/** The text without the mention that called the bot; other mentions read as @name, #channel. */
function textOf(message: Message, botId: string): string {
  const botRoleId = message.guild?.members.me?.roles.botRole?.id;
  const calls = [`<@${botId}>`, `<@!${botId}>`, ...(botRoleId ? [`<@&${botRoleId}>`] : [])];
  const withoutCall = calls.reduce((text, call) => text.replaceAll(call, " "), contentOf(message));
  return cleanContent(withoutCall, message.channel).replace(/[ \t]+/g, " ").trim();
}

function unreadableOf(message: Message): Unreadable | undefined {
  if (message.stickers.size > 0) return "sticker";
  const attachment = message.attachments.first();
  if (attachment) {
    if (message.flags.has(MessageFlags.IsVoiceMessage)) return "voice";
    const type = attachment.contentType ?? "";
    if (type.startsWith("image/")) return "photo";
    if (type.startsWith("video/")) return "video";
    if (type.startsWith("audio/")) return "voice";
    return "file";
  }
  if (message.poll) return "other";
  if (contentOf(message).trim() === "" && message.embeds.length > 0) return "other";
  return undefined;
}

/** The message's text. discord.js leaves it null (whatever its type says) when the event has no content field. */
export function contentOf(message: Message): string {
  return (message.content as string | null) ?? "";
}

/**
 * A button click or a slash command as a message of its conversation: the interaction id is the
 * de-duplication key, so a replayed interaction is not answered twice.
 */
export function interactionToInbound(
  interaction: ButtonInteraction | ChatInputCommandInteraction,
  channelId: string,
  action: string,
): InboundMessageInput {
  return {
    messageId: interaction.id,
    ref: interactionRef(interaction, channelId),
    author: {
      id: interaction.user.id,
      displayName: interaction.inCachedGuild() ? interaction.member.displayName : interaction.user.displayName,
      // The user's Discord client language (zh-CN, en-US, ...).
      languageHint: interaction.locale,
    },
    text: "",
    action,
    receivedAt: Date.now(),
  };
}

function interactionRef(interaction: ButtonInteraction | ChatInputCommandInteraction, channelId: string): ConversationRef {
  if (!interaction.inGuild()) return { platform: "discord", chatId: channelId, kind: "dm" };
  const channel = interaction.channel;
  if (channel?.isThread()) return { platform: "discord", chatId: channel.parentId ?? channel.id, threadId: channel.id, kind: "comment" };
  return { platform: "discord", chatId: channelId, kind: "comment" };
}
