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
 */
const DETECTORS: readonly Detector[] = [
  detectChineseIds,
  detectNamedIdNumbers,
  detectCards,
  detectCvvs,
  detectExpiries,
  detectCodes,
  detectBareCodes,
  detectPasswords,
  detectPhones,
  detectBankAccounts,
  detectEmails,
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
  const claim = ({ start, end }: { start: number; end: number }) => taken.fill(1, start, end);
  for (const mask of folded.matchAll(MASK)) claim({ start: mask.index, end: mask.index + mask[0].length });
  const findings: Finding[] = [];
  for (const detect of DETECTORS) {
    for (const finding of detect(folded)) {
      if (taken.subarray(finding.start, finding.end).includes(1)) continue;
      claim(finding);
      findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.start - b.start);
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
