import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type RESTPostAPIChannelMessageJSONBody,
} from "discord.js";
import type { OutboundMessage } from "../../src/conversation/model.js";
import { detectLanguage } from "../../src/engine/language.js";
import { agentLine } from "../../src/texts.js";
import { escapedParts, escapeMarkdown, MAX_MESSAGE_CHARS } from "./format.js";

/** One message as the REST API takes it (a channel message, or an interaction follow-up). */
export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/** Discord's limits on message components: five buttons to a row, five rows, 80-character labels. */
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;
const MAX_LABEL_CHARS = 80;

export interface RenderOptions {
  /** Mention (and so notify) this user at the top of the first part: the first answer in a new thread. */
  mentionUserId?: string;
}

/**
 * One OutboundMessage as one or more Discord messages: the text escaped and split under 2000
 * characters, the buttons on the last part. Nothing in the text can ping anyone: only the user
 * named in `mentionUserId` is allowed to be mentioned, and no link unfolds into a preview.
 */
export function renderMessage(message: OutboundMessage, options: RenderOptions = {}): MessageBody[] {
  const header = [options.mentionUserId && `<@${options.mentionUserId}>`, message.fromAgent && agentMark(message.fromAgent, message.text)]
    .filter(Boolean)
    .join(" ");
  const parts = escapedParts(message.text, MAX_MESSAGE_CHARS - header.length - 1);
  const components = buttonRows(message.buttons);
  const bodies = parts.map((part, index): MessageBody => ({
    content: index === 0 && header ? `${header}\n${part}`.trimEnd() : part,
    allowed_mentions: { parse: [], users: index === 0 && options.mentionUserId ? [options.mentionUserId] : [] },
    // No embed for a link: Discord would fetch the page and show it, as if the bot vouched for it.
    flags: MessageFlags.SuppressEmbeds,
    ...(index === parts.length - 1 && components.length > 0 ? { components } : {}),
  }));
  // Discord refuses a message with neither content nor components.
  return bodies.filter((body) => body.content !== "" || body.components);
}

/** Marks a message written by a person, as on Telegram: "👤 Support agent <name>" in the language of what they wrote. */
function agentMark(agentName: string, text: string): string {
  return `**${agentLine(escapeMarkdown(agentName), detectLanguage(text))}**`;
}

function buttonRows(buttons: OutboundMessage["buttons"]): APIActionRowComponent<APIButtonComponent>[] {
  const kept = buttons.slice(0, BUTTONS_PER_ROW * MAX_ROWS);
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let start = 0; start < kept.length; start += BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: kept.slice(start, start + BUTTONS_PER_ROW).map(toButton) });
  }
  return rows;
}

function toButton(button: OutboundMessage["buttons"][number]): APIButtonComponent {
  const label = Array.from(button.label).slice(0, MAX_LABEL_CHARS).join("");
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: button.id, label };
}
