import { luhnValid } from "../checksums.js";
import { type Detector, type Finding, lastFourMask } from "../finding.js";
import { followsReference } from "./reference.js";

/** Digit groups joined by single spaces or dashes: `6222 0212 3456 7890 128`, `4111-1111-1111-1111`. */
const DIGIT_RUN = /(?<![A-Za-z0-9])\d+(?:[ -]\d+)*(?![A-Za-z0-9])/g;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Issuer prefixes in use: 3 (Amex, JCB, Diners), 4 (Visa), 5 (Mastercard, Maestro), 6 (UnionPay,
 * Discover) and Mastercard's 2221-2720. Order numbers that start with a year (2024...) and
 * millisecond timestamps (17...) are outside them.
 */
function plausibleIssuer(digits: string): boolean {
  const first = digits[0] ?? "";
  if (first >= "3" && first <= "6") return true;
  const four = Number(digits.slice(0, 4));
  return four >= 2221 && four <= 2720;
}

function isCard(digits: string): boolean {
  return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && plausibleIssuer(digits) && luhnValid(digits);
}

/**
 * Payment card numbers, 13-19 digits, Luhn-checked. A run of groups may hold more than the card
 * ("4111 1111 1111 1111 20 元"), so every span of whole groups is tried, longest first.
 */
export const detectCards: Detector = (text) => {
  const findings: Finding[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((group) => ({ start: run.index + group.index, digits: group[0] }));
    let first = 0;
    while (first < groups.length) {
      const found = longestCardFrom(groups, first);
      if (!found) {
        first++;
        continue;
      }
      const start = groups[first]?.start ?? 0;
      const last = groups[found.last];
      if (last && !followsReference(text, start)) {
        findings.push({ kind: "card", start, end: last.start + last.digits.length, mask: lastFourMask("card", found.digits) });
      }
      first = found.last + 1;
    }
  }
  return findings;
};

function longestCardFrom(groups: { digits: string }[], first: number): { last: number; digits: string } | undefined {
  let best: { last: number; digits: string } | undefined;
  let digits = "";
  for (let last = first; last < groups.length; last++) {
    digits += groups[last]?.digits ?? "";
    if (digits.length > MAX_DIGITS) break;
    if (isCard(digits)) best = { last, digits };
  }
  return best;
}
