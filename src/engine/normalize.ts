import { PhraseTrie } from "./phrase-trie.js";
import { TRADITIONAL_TO_SIMPLIFIED } from "./traditional.js";

/** knowledge/synonyms.yaml: canonical form -> the variants users write for it. */
export type SynonymTable = Record<string, string[]>;

/** Only the characters that have a simplified form: most messages contain none and pass untouched. */
const TRADITIONAL = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join("")}]`, "g");

/** Per UTF-16 unit: whether it is one of TRADITIONAL's characters. */
const TRADITIONAL_UNITS = new Uint8Array(0x10000);
for (const char of TRADITIONAL_TO_SIMPLIFIED.keys()) for (let i = 0; i < char.length; i++) TRADITIONAL_UNITS[char.charCodeAt(i)] = 1;

const NOT_ASCII = /[^\0-\x7f]/;

/** The passes of foldText a text needs, as bits: most messages need few or none of them. */
const LOWER_CASE = 1;
const SIMPLIFY = 2;
const SPACING = 4;

/** Width, case, script and apostrophes: the part of normalisation that needs no knowledge. */
export function foldText(text: string): string {
  // Plain ASCII has no wide forms and no traditional characters: skip the costliest pass.
  let folded = NOT_ASCII.test(text) ? text.normalize("NFKC") : text;
  const passes = passesFor(folded);
  // None of the passes makes work for an earlier one (no lower-case letter is a space or traditional).
  if (passes & LOWER_CASE) folded = folded.toLowerCase();
  if (passes & SIMPLIFY) folded = folded.replace(TRADITIONAL, (char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char);
  if (passes & SPACING) {
    folded = folded
      // "didn't" and "didnt" are the same word to a user typing on a phone.
      .replace(/[’'`]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  }
  return folded;
}

/**
 * What foldText must do to `text`: each bit is set when its pass may change the text. Outside ASCII,
 * any unit but those of U+3000-U+9FFF (CJK symbols, kana, ideographs: no case) may have a lower case.
 */
function passesFor(text: string): number {
  let passes = 0;
  // A space at the start, one after another and one at the end go: the text needs the spacing pass.
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code >= 0x41 && code <= 0x5a) passes |= LOWER_CASE;
      else if (code === 0x27 || code === 0x60) passes |= SPACING;
    } else {
      if (code < 0x3000 || code > 0x9fff) passes |= LOWER_CASE;
      if (code === 0x2019) passes |= SPACING;
      if (TRADITIONAL_UNITS[code] === 1) passes |= SIMPLIFY;
    }
    const space = isSpace(code);
    if (space && (afterSpace || code !== 0x20)) passes |= SPACING;
    afterSpace = space;
  }
  return afterSpace && text.length > 0 ? passes | SPACING : passes;
}

/** What `\s` matches (and trim() removes). */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Turns a message into the form the rules and the matcher see: folded (see foldText), then every
 * synonym variant replaced by its canonical form in one pass, so replacements never chain.
 */
export class Normalizer {
  private readonly variants = new PhraseTrie<string>(true);

  constructor(synonyms: SynonymTable) {
    for (const [canonical, variants] of Object.entries(synonyms)) {
      for (const variant of variants) this.variants.add(foldText(variant), foldText(canonical));
    }
  }

  normalize(text: string): string {
    const folded = foldText(text);
    // Leftmost-longest, in one pass: "退钱了" is not cut short by "退钱", and replacements never chain.
    let out = "";
    let copied = 0;
    for (let i = this.variants.nextStart(folded, 0); i < folded.length; i = this.variants.nextStart(folded, i)) {
      const node = this.variants.longestAt(folded, i);
      if (node === 0) {
        i++;
        continue;
      }
      // A later variant of the same text overrides an earlier one, as a Map would.
      out += folded.slice(copied, i) + (this.variants.valuesOf(node).at(-1) as string);
      i += this.variants.lengthOf(node);
      copied = i;
    }
    return copied === 0 ? folded : out + folded.slice(copied);
  }
}
