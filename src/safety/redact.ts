import { detectBankAccounts } from "./detectors/bank-account.js";
import { detectCards } from "./detectors/card.js";
import { detectBareCodes, detectCodes } from "./detectors/code.js";
import { detectCvvs } from "./detectors/cvv.js";
import { detectEmails } from "./detectors/email.js";
import { detectExpiries } from "./detectors/expiry.js";
import { detectChineseIds, detectNamedIdNumbers } from "./detectors/id-number.js";
import { detectPasswords } from "./detectors/password.js";
import { detectPhones } from "./detectors/phone.js";
import { type Detector, type Finding, isPersonal, type PersonalKind, type SecretKind } from "./finding.js";
import { toHalfWidth } from "./width.js";

export type { PersonalKind, SecretKind, SensitiveKind } from "./finding.js";

export interface Redaction {
  text: string;
  /** The secrets found (the user should not have sent them): the bot warns about these. */
  kinds: SecretKind[];
  /** Personal data found and masked (phone, e-mail): no warning in a private chat. */
  personal: PersonalKind[];
}

/**
 * In priority order: where two detectors claim the same characters, the earlier one wins. A checksum
 * beats a keyword (an ID number is not a bank account), a specific keyword beats a general one
 * (动态密码 is a code, not a password), and a phone number beats 账号 (users log in with it).
 *
 * Each with the fewest digits any finding of its holds: a message is skipped by the detectors it
 * has too few digits for. Most messages with a digit in them say "tried 3 times" or "my pw is
 * wrong", and ran all eleven (~4 µs) where the password and e-mail detectors are enough.
 */
export const DETECTORS: readonly { detect: Detector; minDigits: number }[] = [
  { detect: detectChineseIds, minDigits: 17 },
  { detect: detectNamedIdNumbers, minDigits: 6 },
  { detect: detectCards, minDigits: 13 },
  { detect: detectCvvs, minDigits: 3 },
  { detect: detectExpiries, minDigits: 3 },
  { detect: detectCodes, minDigits: 4 },
  { detect: detectBareCodes, minDigits: 6 },
  { detect: detectPasswords, minDigits: 0 },
  { detect: detectPhones, minDigits: 8 },
  // An IBAN may hold no digits but its two check digits.
  { detect: detectBankAccounts, minDigits: 2 },
  { detect: detectEmails, minDigits: 0 },
];

/** The bot's own masks, so redacting a redacted text changes nothing. */
const MASK = /\[(?:card|account) \*{4}[0-9]{0,4}\]|\[(?:CVV|expiry|code|password|ID number)\]/g;

/** Nothing to find without a digit, an @ or a password keyword: most messages stop here. */
const ANY_CANDIDATE = /[0-9@]|密码|口令|pass|pw/i;

/** Every piece of sensitive data in `text`, in text order, none overlapping. */
export function findSensitive(text: string): Finding[] {
  const folded = toHalfWidth(text);
  if (!ANY_CANDIDATE.test(folded)) return [];
  // One flag per character already claimed: a log line can hold thousands of findings.
  const taken = new Uint8Array(folded.length);
  for (const mask of folded.matchAll(MASK)) taken.fill(1, mask.index, mask.index + mask[0].length);
  const digits = digitsIn(folded);
  const findings: Finding[] = [];
  for (const { detect, minDigits } of DETECTORS) {
    if (digits < minDigits) continue;
    for (const finding of detect(folded)) {
      if (taken.subarray(finding.start, finding.end).includes(1)) continue;
      taken.fill(1, finding.start, finding.end);
      findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** How many ASCII digits `text` holds (what `\d` matches). */
export function digitsIn(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) count++;
  }
  return count;
}

/** Whether `text` holds a secret (what redact() lists in `kinds`), without masking it. */
export function holdsSecret(text: string): boolean {
  return findSensitive(text).some((finding) => !isPersonal(finding.kind));
}

/** Masks secrets and personal data a user may paste into a chat, before anything is logged, stored or shown to staff. */
export function redact(text: string): Redaction {
  const findings = findSensitive(text);
  if (findings.length === 0) return { text, kinds: [], personal: [] };
  let masked = "";
  let cursor = 0;
  for (const finding of findings) {
    masked += text.slice(cursor, finding.start) + finding.mask;
    cursor = finding.end;
  }
  masked += text.slice(cursor);
  const kinds = new Set<SecretKind>();
  const personal = new Set<PersonalKind>();
  for (const { kind } of findings) {
    if (isPersonal(kind)) personal.add(kind);
    else kinds.add(kind);
  }
  return { text: masked, kinds: [...kinds], personal: [...personal] };
}
