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
  /** Bit of this rule in Piece.rules, when it has `whole` phrases. */
  wholeBit?: number;
}

/** A string a whole message may be cut into: a filler, and/or a phrase of some rules (bit set). */
interface Piece {
  filler: boolean;
  rules: number;
}

/**
 * knowledge/rules.yaml, compiled: evaluated in file order before the FAQ matcher; the first rule
 * that fires decides. Phrases go through the same normaliser as messages, so a synonym or a
 * traditional character in either never makes a rule miss.
 */
export class RuleSet {
  private readonly rules: CompiledRule[];
  private readonly pieces = new Map<string, Piece>();
  private readonly longest: number;
  /** Any `contains` or `unless` phrase at all: most messages have none, and then one test replaces a dozen. */
  private readonly anyPhrase: RegExp | undefined;

  constructor(file: RulesFile, normalizer: Normalizer) {
    const squash = (phrase: string) => normalizer.normalize(phrase).replace(NOT_WORD, "");
    const alternation = (phrases: string[] | undefined) =>
      phrases && phrases.length > 0 ? new RegExp(phrases.map((phrase) => boundedPattern(normalizer.normalize(phrase))).join("|")) : undefined;
    const piece = (text: string) => {
      const found = this.pieces.get(text) ?? { filler: false, rules: 0 };
      this.pieces.set(text, found);
      return found;
    };
    for (const filler of file.fillers) piece(squash(filler)).filler = true;
    let bits = 0;
    this.rules = file.rules.map((rule) => {
      const wholeBit = rule.when.whole && 1 << bits++;
      for (const phrase of rule.when.whole ?? []) piece(squash(phrase)).rules |= wholeBit as number;
      return { rule, contains: alternation(rule.when.contains), unless: alternation(rule.when.unless), wholeBit };
    });
    this.longest = Math.max(0, ...[...this.pieces.keys()].map((text) => text.length));
    this.anyPhrase = alternation(file.rules.flatMap((rule) => [...(rule.when.contains ?? []), ...(rule.when.unless ?? [])]));
  }

  /** The first rule that fires on this message. `raw` is the user's text, `normalized` its normal form. */
  match(raw: string, normalized: string): Rule | undefined {
    const squashed = normalized.replace(NOT_WORD, "");
    const whole = squashed !== "" && squashed.length <= MAX_WHOLE_LENGTH ? this.wholeRules(squashed) : 0;
    const phrases = this.anyPhrase?.test(normalized) ?? false;
    for (const { rule, contains, unless, wholeBit } of this.rules) {
      if (phrases && unless?.test(normalized)) continue;
      if (phrases && contains?.test(normalized)) return rule;
      if (wholeBit !== undefined && whole & wholeBit) return rule;
      if (rule.when.secret && redact(raw).kinds.length > 0) return rule;
    }
    return undefined;
  }

  /**
   * The rules (as bits) whose `whole` phrases and the fillers cut the message completely, with at
   * least one phrase. One left-to-right pass for all rules; a question dies at its first word.
   */
  private wholeRules(text: string): number {
    // fillersOnly[i]: position i is reached by fillers alone; withPhrase[i]: rules that reach i using a phrase of theirs.
    const fillersOnly = new Uint8Array(text.length + 1);
    const withPhrase = new Int32Array(text.length + 1);
    fillersOnly[0] = 1;
    for (let start = 0; start < text.length; start++) {
      const onlyFillers = fillersOnly[start] === 1;
      const rules = withPhrase[start] as number;
      if (!onlyFillers && rules === 0) continue;
      for (let end = start + 1; end <= Math.min(text.length, start + this.longest); end++) {
        const piece = this.pieces.get(text.slice(start, end));
        if (!piece) continue;
        if (piece.filler) {
          if (onlyFillers) fillersOnly[end] = 1;
          withPhrase[end] = (withPhrase[end] as number) | rules;
        }
        withPhrase[end] = (withPhrase[end] as number) | (onlyFillers ? piece.rules : rules & piece.rules);
      }
    }
    return withPhrase[text.length] as number;
  }
}
