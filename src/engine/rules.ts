import { redact } from "../safety/redact.js";
import type { Rule, RulesFile } from "./knowledge-schema.js";
import { boundedPattern, type Normalizer } from "./normalize.js";

/** What `whole` compares: letters, digits and Han only, no spaces ("thank you!!" -> "thankyou"). */
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** A "whole message" rule is a greeting or a thank-you: longer texts are questions, skip the search. */
const MAX_WHOLE_LENGTH = 40;

interface CompiledRule {
  rule: Rule;
  contains?: RegExp;
  unless?: RegExp;
  whole?: Set<string>;
}

/**
 * knowledge/rules.yaml, compiled: evaluated in file order before the FAQ matcher; the first rule
 * that fires decides. Phrases go through the same normaliser as messages, so a synonym or a
 * traditional character in either never makes a rule miss.
 */
export class RuleSet {
  private readonly rules: CompiledRule[];
  private readonly fillers: Set<string>;
  private readonly longest: number;

  constructor(file: RulesFile, normalizer: Normalizer) {
    const squash = (phrase: string) => normalizer.normalize(phrase).replace(NOT_WORD, "");
    const alternation = (phrases: string[] | undefined) =>
      phrases && new RegExp(phrases.map((phrase) => boundedPattern(normalizer.normalize(phrase))).join("|"));
    this.fillers = new Set(file.fillers.map(squash));
    this.rules = file.rules.map((rule) => ({
      rule,
      contains: alternation(rule.when.contains),
      unless: alternation(rule.when.unless),
      whole: rule.when.whole && new Set(rule.when.whole.map(squash)),
    }));
    const pieces = [...this.fillers, ...this.rules.flatMap((rule) => [...(rule.whole ?? [])])];
    this.longest = Math.max(0, ...pieces.map((piece) => piece.length));
  }

  /** The first rule that fires on this message. `raw` is the user's text, `normalized` its normal form. */
  match(raw: string, normalized: string): Rule | undefined {
    const squashed = normalized.replace(NOT_WORD, "");
    for (const { rule, contains, unless, whole } of this.rules) {
      if (unless?.test(normalized)) continue;
      if (contains?.test(normalized)) return rule;
      if (whole && squashed !== "" && squashed.length <= MAX_WHOLE_LENGTH && this.isWhole(squashed, whole)) return rule;
      if (rule.when.secret && redact(raw).kinds.length > 0) return rule;
    }
    return undefined;
  }

  /** Can the message be cut into phrases and fillers only, with at least one phrase? */
  private isWhole(text: string, phrases: Set<string>): boolean {
    // reachable[i]: 0 = no, 1 = by fillers only, 2 = with a phrase.
    const reachable = new Uint8Array(text.length + 1);
    reachable[0] = 1;
    for (let start = 0; start < text.length; start++) {
      const from = reachable[start] as number;
      if (from === 0) continue;
      for (let end = start + 1; end <= Math.min(text.length, start + this.longest); end++) {
        const piece = text.slice(start, end);
        const via = phrases.has(piece) ? 2 : this.fillers.has(piece) ? from : 0;
        if (via > (reachable[end] as number)) reachable[end] = via;
      }
    }
    return reachable[text.length] === 2;
  }
}
