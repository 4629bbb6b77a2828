import { ibanValid } from "../checksums.js";
import { type Detector, type Finding, lastFourMask } from "../finding.js";
import { keywordValueDetector } from "./keyword-value.js";

const KEYWORD = [
  String.raw`(?:银行)?(?:卡号|账号|帐号|账户号?码?|帐户号?码?)|收款(?:账号|账户|卡号)|开户账号|对公账户`,
  String.raw`(?<![A-Za-z])(?:(?:bank\s+)?(?:account|acct|a/c)(?:\s*(?:no\.?|number|num|#))?|bank\s+card(?:\s*(?:no\.?|number|#))?|card\s*(?:no\.?|number|#))(?![A-Za-z])`,
].join("|");

/** Bank account numbers (8-30 digits) after 账号 / 卡号 / account no.; the last four digits stay. */
const accountNumbers = keywordValueDetector({
  kind: "bank_account",
  keyword: KEYWORD,
  gap: String.raw`(?:\s|[:=#-]|(?:is|was|my)(?![A-Za-z])|是|为|我的|的){0,5}`,
  value: String.raw`(?<![A-Za-z0-9])\d(?:[ -]?\d){7,29}(?![A-Za-z0-9])`,
  mask: (value) => lastFourMask("account", value.replace(/\D/g, "")),
});

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

/** IBANs anywhere: the MOD 97 check tells one from a product code. */
const ibans: Detector = (text) => {
  const findings: Finding[] = [];
  for (const match of text.matchAll(IBAN)) {
    const compact = match[0].replace(/ /g, "");
    if (!ibanValid(compact)) continue;
    findings.push({ kind: "bank_account", start: match.index, end: match.index + match[0].length, mask: lastFourMask("account", compact) });
  }
  return findings;
};

export const detectBankAccounts: Detector = (text) => [...ibans(text), ...accountNumbers(text)];
