/**
 * Cuts a long text into parts of at most `limit` characters (UTF-16 units): at the last paragraph
 * break in the second half of the window, else the last line break, else the last space, else a
 * hard cut that keeps surrogate pairs (emoji, rare Han characters) whole. Breaks are consumed, not
 * repeated. Every platform has a message length limit; this is the one way the bot meets them.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  parts.push(rest);
  return parts;
}

function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const separator of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(separator);
    // A break in the first half would leave a stub of a message; look for a finer break instead.
    if (at > limit / 2) return at + separator.length > limit ? at : at + separator.length;
  }
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
