import type { Detector, Finding } from "../finding.js";
import { keywordValueDetector } from "./keyword-value.js";
import { followsReference } from "./reference.js";

/** Chinese mobile numbers, with or without +86, written 13812345678, 138 1234 5678 or 138-1234-5678. */
const CHINESE_MOBILE = /(?<![A-Za-z0-9+])(?<cc>(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![A-Za-z0-9])/g;

/** International numbers written with a leading +: +1 415 555 0100, +44 20 7946 0958. */
const INTERNATIONAL = /(?<![A-Za-z0-9+])\+(?!86)(?<cc>[1-9]\d{0,2}[ -])?\(?\d{1,4}\)?(?:[ -]?\(?\d{1,4}\)?){1,5}(?![A-Za-z0-9])/g;
const MIN_INTERNATIONAL_DIGITS = 8;
const MAX_INTERNATIONAL_DIGITS = 15;

/** `138****5678`: the first three and last four digits, as Chinese apps show a number. */
function maskPhone(prefix: string, national: string): string {
  return national.length >= 10 ? `${prefix}${national.slice(0, 3)}****${national.slice(-4)}` : `${prefix}****${national.slice(-4)}`;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}

function fromPattern(pattern: RegExp, acceptDigits: (digits: string) => boolean, prefixOf: (cc: string) => string): Detector {
  return (text) => {
    const findings: Finding[] = [];
    for (const match of text.matchAll(pattern)) {
      const cc = match.groups?.cc ?? "";
      const national = digitsOf(match[0].slice(match[0].indexOf(cc) + cc.length));
      if (!acceptDigits(digitsOf(match[0])) || followsReference(text, match.index)) continue;
      findings.push({ kind: "phone", start: match.index, end: match.index + match[0].length, mask: maskPhone(prefixOf(cc), national) });
    }
    return findings;
  };
}

const chineseMobiles = fromPattern(CHINESE_MOBILE, () => true, (cc) => cc);
const internationals = fromPattern(
  INTERNATIONAL,
  (digits) => digits.length >= MIN_INTERNATIONAL_DIGITS && digits.length <= MAX_INTERNATIONAL_DIGITS,
  (cc) => `+${cc}`,
);

/**
 * Landlines and North-American numbers are too close to other numbers to spot alone: only next to
 * a word that says "phone". Toll-free service lines (400, 800) are a company's, not the user's.
 */
const landlines = keywordValueDetector({
  kind: "phone",
  keyword: String.raw`电话(?:号码?)?|座机|手机(?:号码?)?|联系方式|(?<![A-Za-z])(?:tel|phone|mobile|cell|whatsapp|call\s+me\s+(?:at|on))(?:\s*(?:no\.?|number|#))?(?![A-Za-z])`,
  gap: String.raw`(?:\s|[:=#]|is|是|为|我的|的){0,5}`,
  value: String.raw`(?<![\d+])(?:\(?0\d{2,3}\)?[ -]?\d{7,8}|\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]?\d{4})(?![\d])`,
  accept: (value) => !/^\(?(?:400|800)/.test(value),
  mask: (value) => maskPhone("", digitsOf(value)),
});

/** Phone numbers, masked to `138****5678`. */
export const detectPhones: Detector = (text) => [...chineseMobiles(text), ...internationals(text), ...landlines(text)];
