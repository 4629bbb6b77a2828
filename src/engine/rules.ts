import type { Rule, RulesFile } from "./knowledge-schema.js";
import type { Normalizer } from "./normalize.js";
import { PhraseTrie } from "./phrase-trie.js";

/** What `whole` compares: letters, digits and Han only, no spaces ("thank you!!" -> "thankyou"). */
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** A "whole message" rule is a greeting or a thank-you: longer texts are questions, skip the search. */
const MAX_WHOLE_LENGTH = 40;

/** A `contains`, `also` or `unless` phrase of one rule. */
interface PhraseOf {
  rule: number;
  kind: "contains" | "also" | "unless";
}

/** A string a whole message may be cut into: a filler, or a phrase of a rule (its bit). */
interface Piece {
  filler: boolean;
  rules: number;
}

/**
 * knowledge/rules.yaml, compiled: evaluated in file order before the FAQ matcher; the first rule
 * that fires decides. Phrases go through the same normaliser as messages, so a synonym or a
 * traditional character in either never makes a rule miss. All phrases of all rules sit in one
 * trie: a message is scanned once, whatever the number of rules.
 */
export class RuleSet {
  private readonly rules: readonly Rule[];
  /** Per rule: its bit among the `whole` rules, or 0 when it has no `whole` phrases. */
  private readonly wholeBits: readonly number[];
  private readonly phrases = new PhraseTrie<PhraseOf>(true);
  private readonly pieces = new PhraseTrie<Piece>(false);

  // Scratch state of the message being matched (JavaScript is single-threaded): the scans below
  // call long-lived functions instead of allocating closures per message.
  private readonly found: Record<PhraseOf["kind"], Uint8Array>;
  private readonly fillersOnly = new Uint8Array(MAX_WHOLE_LENGTH + 1);
  private readonly withPhrase = new Int32Array(MAX_WHOLE_LENGTH + 1);
  private readonly from = { onlyFillers: false, rules: 0 };

  constructor(file: RulesFile, normalizer: Normalizer) {
    this.rules = file.rules;
    const squash = (phrase: string) => normalizer.normalize(phrase).replace(NOT_WORD, "");
    for (const filler of file.fillers) this.pieces.add(squash(filler), { filler: true, rules: 0 });
    let bits = 0;
    this.wholeBits = file.rules.map((rule, index) => {
      for (const kind of ["contains", "also", "unless"] as const) {
        for (const phrase of rule.when[kind] ?? []) this.phrases.add(normalizer.normalize(phrase), { rule: index, kind });
      }
      const bit = rule.when.whole ? 1 << bits++ : 0;
      for (const phrase of rule.when.whole ?? []) this.pieces.add(squash(phrase), { filler: false, rules: bit });
      return bit;
    });
    this.found = { contains: new Uint8Array(file.rules.length), also: new Uint8Array(file.rules.length), unless: new Uint8Array(file.rules.length) };
  }

  /**
   * The first rule that fires on this message, in its normal form. `secretShared` is asked only
   * when a `secret` rule's turn comes, that is when no rule before it fired.
   */
  match(normalized: string, secretShared: () => boolean): Rule | undefined {
    const { contains, also, unless } = this.found;
    contains.fill(0);
    also.fill(0);
    unless.fill(0);
    this.phrases.forEachIn(normalized, this.markPhrases);
    const squashed = normalized.replace(NOT_WORD, "");
    const whole = squashed !== "" && squashed.length <= MAX_WHOLE_LENGTH ? this.wholeRules(squashed) : 0;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as Rule;
      if (unless[i]) continue;
      if (contains[i] && (also[i] || !rule.when.also)) return rule;
      if (whole & (this.wholeBits[i] as number)) return rule;
      if (rule.when.secret && secretShared()) return rule;
    }
    return undefined;
  }

  private readonly markPhrases = (_end: number, phrases: readonly PhraseOf[]) => {
    for (const { rule, kind } of phrases) this.found[kind][rule] = 1;
  };

  /**
   * The rules (as bits) whose `whole` phrases and the fillers cut the message completely, with at
   * least one phrase. One left-to-right pass for all rules; a question dies at its first word.
   */
  private wholeRules(text: string): number {
    // fillersOnly[i]: position i is reached by fillers alone; withPhrase[i]: rules that reach i using a phrase of theirs.
    const { fillersOnly, withPhrase } = this;
    fillersOnly.fill(0, 0, text.length + 1);
    withPhrase.fill(0, 0, text.length + 1);
    fillersOnly[0] = 1;
    for (let start = 0; start < text.length; start++) {
      this.from.onlyFillers = fillersOnly[start] === 1;
      this.from.rules = withPhrase[start] as number;
      if (!this.from.onlyFillers && this.from.rules === 0) continue;
      this.pieces.forEachAt(text, start, this.extend);
    }
    return withPhrase[text.length] as number;
  }

  private readonly extend = (end: number, pieces: readonly Piece[]) => {
    const { onlyFillers, rules } = this.from;
    for (const piece of pieces) {
      if (piece.filler) {
        if (onlyFillers) this.fillersOnly[end] = 1;
        this.withPhrase[end] = (this.withPhrase[end] as number) | rules;
      }
      this.withPhrase[end] = (this.withPhrase[end] as number) | (onlyFillers ? piece.rules : rules & piece.rules);
    }
  };
}
