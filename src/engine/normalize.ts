import { TRADITIONAL_TO_SIMPLIFIED } from "./traditional.js";

/** knowledge/synonyms.yaml: canonical form -> the variants users write for it. */
export type SynonymTable = Record<string, string[]>;

const LATIN_OR_DIGIT = /[a-z0-9]/;

/** Only the characters that have a simplified form: most messages contain none and pass untouched. */
const TRADITIONAL = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join("")}]`, "g");

/** Width, case, script and apostrophes: the part of normalisation that needs no knowledge. */
export function foldText(text: string): string {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(TRADITIONAL, (char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char)
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
  private readonly canonical = new Map<string, string>();
  private readonly pattern: RegExp | undefined;

  constructor(synonyms: SynonymTable) {
    for (const [canonical, variants] of Object.entries(synonyms)) {
      for (const variant of variants) this.canonical.set(foldText(variant), foldText(canonical));
    }
    // Longest first, so "退钱了" is not cut short by "退钱".
    const variants = [...this.canonical.keys()].filter((variant) => variant !== "").sort((a, b) => b.length - a.length);
    if (variants.length > 0) this.pattern = new RegExp(variants.map(boundedPattern).join("|"), "g");
  }

  normalize(text: string): string {
    const folded = foldText(text);
    if (!this.pattern) return folded;
    return folded.replace(this.pattern, (match) => this.canonical.get(match) ?? match);
  }
}

/** A Latin phrase matches whole words only ("pw" must not fire inside "pwned"); Han has no word spaces. */
export function boundedPattern(variant: string): string {
  const escaped = variant.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const head = LATIN_OR_DIGIT.test(variant[0] ?? "") ? "(?<![a-z0-9])" : "";
  const tail = LATIN_OR_DIGIT.test(variant.at(-1) ?? "") ? "(?![a-z0-9])" : "";
  return `${head}${escaped}${tail}`;
}
