import { chineseIdValid } from "../checksums.js";
import type { Detector, Finding } from "../finding.js";

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
