/**
 * Text for Telegram's HTML parse mode. HTML rather than MarkdownV2: only `&`, `<` and `>` need
 * escaping, so answers full of `.`, `-`, `(` and `!` (all reserved in MarkdownV2) pass untouched.
 */

/** Telegram refuses a message longer than this (counted after entity parsing, in UTF-16 units). */
export const MAX_MESSAGE_CHARS = 4096;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) => HTML_ESCAPES[char] ?? char);
}
