import { PhraseTrie } from "./phrase-trie.js";
import { TRADITIONAL_TO_SIMPLIFIED } from "./traditional.js";

/** knowledge/synonyms.yaml: canonical form -> the variants users write for it. */
export type SynonymTable = Record<string, string[]>;

/** Only the characters that have a simplified form: most messages contain none and pass untouched. */
const TRADITIONAL = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join("")}]`, "g");

const NOT_ASCII = /[^\0-\x7f]/;

/** Width, case, script and apostrophes: the part of normalisation that needs no knowledge. */
export function foldText(text: string): string {
  // Plain ASCII has no wide forms and no traditional characters: skip the two costliest passes.
  const ascii = !NOT_ASCII.test(text);
  let folded = (ascii ? text : text.normalize("NFKC")).toLowerCase();
  if (!ascii) folded = folded.replace(TRADITIONAL, (char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char);
  return (
    folded
      // "didn't" and "didnt" are the same word to a user typing on a phone.
      .replace(/[’'`]/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * Turns a message into the form the rules and the matcher see: folded (see foldText), then every
 * synonym variant replaced by its canonical form in one pass, so replacements never chain.
 */
export class Normalizer {
  private readonly variants = new PhraseTrie<string>(true);
  private readonly empty: boolean;

  constructor(synonyms: SynonymTable) {
    let count = 0;
    for (const [canonical, variants] of Object.entries(synonyms)) {
      for (const variant of variants) {
        this.variants.add(foldText(variant), foldText(canonical));
        count++;
      }
    }
    this.empty = count === 0;
  }

  normalize(text: string): string {
    const folded = foldText(text);
    if (this.empty) return folded;
    // Leftmost-longest, in one pass: "退钱了" is not cut short by "退钱", and replacements never chain.
    let out = "";
    let copied = 0;
    for (let i = 0; i < folded.length; ) {
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
