import type { Detector, Finding, SensitiveKind } from "../finding.js";

export interface KeywordValueSpec {
  kind: SensitiveKind;
  /** Regex source of the words that announce the value (`验证码`, `cvv`); matched case-insensitively. */
  keyword: string;
  /** Regex source of what may stand between the keyword and the value (`是`, `: `, `is my`). */
  gap: string;
  /** Regex source of the value itself, without capturing groups. */
  value: string;
  /** When set, the value may also come first (`123456 是验证码`), with this between the two. */
  reverseGap?: string;
  /** A last look at a candidate (`separator` is the text matched by the gap); false drops it. */
  accept?: (value: string, separator: string, text: string, start: number) => boolean;
  mask: (value: string) => string;
}

/**
 * A detector for data that is only recognisable next to a word that names it: "CVV 123",
 * "验证码是 482913", "482913 is my code". Only the value is masked, so the keyword stays readable
 * and staff still see what kind of thing the user sent.
 */
export function keywordValueDetector(spec: KeywordValueSpec): Detector {
  const forward = new RegExp(`(?:${spec.keyword})(?<sep>${spec.gap})(?<value>${spec.value})`, "dgiu");
  const reverse =
    spec.reverseGap === undefined
      ? undefined
      : new RegExp(`(?<![A-Za-z0-9])(?<value>${spec.value})(?<sep>${spec.reverseGap})(?:${spec.keyword})`, "dgiu");
  // Either pattern needs the value and the keyword somewhere in the text, each with the same
  // lookarounds: where one of them occurs nowhere, the full patterns (the expensive part, with their
  // gaps and match indices) need not run, and no match is lost. The value goes first: it is cheap
  // (digits, mostly), and most messages with a number name no code or card.
  const anyValue = new RegExp(spec.value, "iu");
  const anyKeyword = new RegExp(spec.keyword, "iu");
  return (text) => {
    const findings: Finding[] = [];
    if (!anyValue.test(text) || !anyKeyword.test(text)) return findings;
    for (const pattern of reverse ? [forward, reverse] : [forward]) {
      for (const match of text.matchAll(pattern)) {
        const span = match.indices?.groups?.value;
        const value = match.groups?.value;
        if (!span || value === undefined) continue;
        const [start, end] = span;
        if (spec.accept && !spec.accept(value, match.groups?.sep ?? "", text, start)) continue;
        if (findings.some((finding) => finding.start === start)) continue;
        findings.push({ kind: spec.kind, start, end, mask: spec.mask(value) });
      }
    }
    return findings;
  };
}
