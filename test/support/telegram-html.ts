/**
 * What a Telegram user sees of a message sent with parse_mode HTML, following the rules of
 * https://core.telegram.org/bots/api#html-style: only the listed tags, only the named entities
 * &lt; &gt; &amp; &quot; plus numeric ones; every other `<`, `>` and `&` must be escaped.
 * Stricter than Telegram on one point: a bare `&` or `>` is refused, so a missing escape fails a test.
 */

const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"]);
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Thrown with Telegram's own wording ("can't parse entities: ..."), which the fake returns as a 400. */
export class HtmlParseError extends Error {}

export function plainTextOfHtml(html: string): string {
  const open: string[] = [];
  let text = "";
  let at = 0;
  while (at < html.length) {
    const char = html[at] as string;
    if (char === "<") {
      const end = html.indexOf(">", at);
      if (end === -1) throw new HtmlParseError(`can't parse entities: Unclosed start tag at byte offset ${byteOffset(html, at)}`);
      const tag = html.slice(at + 1, end).trim();
      if (tag.startsWith("/")) {
        const name = tag.slice(1).trim().toLowerCase();
        if (open.pop() !== name) throw new HtmlParseError(`can't parse entities: Unmatched end tag at byte offset ${byteOffset(html, at)}, expected "</${open.at(-1) ?? ""}>", found "</${name}>"`);
      } else {
        const name = (tag.split(/\s/)[0] ?? "").toLowerCase();
        if (!TAGS.has(name)) throw new HtmlParseError(`can't parse entities: Unsupported start tag "${name}" at byte offset ${byteOffset(html, at)}`);
        open.push(name);
      }
      at = end + 1;
    } else if (char === "&") {
      const entity = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(at));
      const name = entity?.[1] ?? "";
      const decoded = name.startsWith("#x") ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : NAMED_ENTITIES[name.toLowerCase()];
      if (!entity || decoded === undefined) throw new HtmlParseError(`can't parse entities: Character '&' is reserved at byte offset ${byteOffset(html, at)}`);
      text += decoded;
      at += entity[0].length;
    } else if (char === ">") {
      throw new HtmlParseError(`can't parse entities: Character '>' is reserved at byte offset ${byteOffset(html, at)}`);
    } else {
      text += char;
      at += 1;
    }
  }
  if (open.length > 0) throw new HtmlParseError(`can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return text;
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index));
}
