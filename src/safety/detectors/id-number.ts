import { chineseIdValid } from "../checksums.js";
import type { Detector, Finding } from "../finding.js";
import { keywordValueDetector } from "./keyword-value.js";

/** Region (6 digits), birth date (YYYYMMDD), sequence (3), check character (digit or X). */
const CHINESE_ID = /(?<![A-Za-z0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![A-Za-z0-9])/g;

/** Chinese resident identity numbers (18 characters), kept only when the check character is right. */
export const detectChineseIds: Detector = (text) => {
  const findings: Finding[] = [];
  for (const match of text.matchAll(CHINESE_ID)) {
    if (!chineseIdValid(match[0])) continue;
    findings.push({ kind: "id_number", start: match.index, end: match.index + match[0].length, mask: "[ID number]" });
  }
  return findings;
};

/**
 * Identity numbers no checksum recognises, next to a word that names them: the 15-digit resident ID
 * issued before 1999, passports, other ID cards ("身份证号 110105491231002", "passport no. E12345678").
 */
export const detectNamedIdNumbers = keywordValueDetector({
  kind: "id_number",
  keyword: [
    String.raw`身份证(?:号码|号)?|证件号(?:码)?|护照(?:号码|号)?|居民身份证`,
    // "order id #", "transaction id no." name references staff need, not a person's identity.
    String.raw`(?<![A-Za-z])(?<!(?:order|transaction|txn|merchant|user|reference|ref|tracking|device|app|payment|request|ticket|case|session)\s?)(?:id\s?(?:card\s?)?(?:number|no\.|no(?![A-Za-z])|#)|identity\s+(?:card\s+)?number|passport(?:\s*(?:number|no\.|no(?![A-Za-z])|#))?|national\s+id)`,
  ].join("|"),
  gap: String.raw`(?:\s|[:=#,-]|(?:is|was|number|no\.?)(?![A-Za-z])|是|为|号|码|:){0,5}`,
  // Letters and digits (passports: E12345678, G98765432), 9 digits (US passports), 15 or 18 (resident IDs).
  value: String.raw`(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}\d{6,9}|\d{9}|\d{15}|\d{17}[\dXx])(?![A-Za-z0-9])`,
  mask: () => "[ID number]",
});
