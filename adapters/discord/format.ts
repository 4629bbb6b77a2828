import { splitText } from "../../src/format/split.js";

/**
 * Text for Discord, which renders markdown in every message. The bot's texts are plain text and may
 * echo what a user or an agent typed, so every markdown character is escaped and the text shows
 * exactly as written: no `**` turning bold, no `[label](link)` hiding a link, no `<@id>` mention.
 * discord.js's own escapeMarkdown leaves headings, quotes, masked links and mentions alone by default.
 */

/** Discord refuses message content longer than this (UTF-16 units, escapes included). */
export const MAX_MESSAGE_CHARS = 2000;

/** Bare links stay as they are: Discord links them as a whole, and a backslash inside would break them. */
const LINK = /https?:\/\/\S+/g;
/** Characters that start markdown anywhere in a line: emphasis, code, spoilers, masked links, mentions. */
const INLINE = /[\\*_~`|[\]<]/g;
/** Markdown that only counts at the start of a line: headings, block quotes, subtext. */
const LINE_START = /^(\s*)(#|>|-#)/gm;

/** Discord's renderer drops a backslash before any punctuation and shows the character itself. */
export function escapeMarkdown(text: string): string {
  let escaped = "";
  let from = 0;
  for (const link of text.matchAll(LINK)) {
    escaped += escapePlain(text.slice(from, link.index)) + link[0];
    from = link.index + link[0].length;
  }
  return escaped + escapePlain(text.slice(from));
}

function escapePlain(text: string): string {
  return text.replace(INLINE, "\\$&").replace(LINE_START, "$1\\$2");
}

/**
 * The text escaped and cut into parts of at most `limit` characters, on paragraph boundaries when it
 * can. Each part is escaped after the cut, so a cut never separates a backslash from its character.
 */
export function escapedParts(text: string, limit = MAX_MESSAGE_CHARS): string[] {
  return splitText(text, limit).flatMap((part) => {
    const escaped = escapeMarkdown(part);
    // Escaping at most doubles a part, so a part cut at half the limit always fits.
    return escaped.length <= limit ? [escaped] : splitText(part, Math.floor(limit / 2)).map(escapeMarkdown);
  });
}
