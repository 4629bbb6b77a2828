import type { Detector } from "../finding.js";
import { keywordValueDetector } from "./keyword-value.js";
import { followsReference } from "./reference.js";

/** Codes that are not secrets: error, promo, invite, postal, country codes and the like. */
const NOT_A_SECRET_CODE = String.raw`(?<!(?:error|err|promo|promotion|promotional|coupon|discount|invite|invitation|referral|refer|zip|postal|post|area|country|dial|dialing|status|reason|response|result|swift|bic|bank|branch|sort|qr|bar|tracking|product|item|merchant|store|shop|gift\s?card|gift|voucher|redeem|redemption|source|tax|currency|mcc|iso|exit|ussd|program|sample|color|colour|says|said|shows|showing|shown|displays|displayed|displaying|returned|returns)[\s-]{0,2})`;

const KEYWORD = [
  String.raw`验证码|校验码|动态码|短信码|确认码|授权码|认证码|交易码|动态密码|短信密码|一次性密码|动态口令`,
  String.raw`(?<![A-Za-z])${NOT_A_SECRET_CODE}(?:(?:verification|verify|sms|text|login|log-in|sign-?in|one[- ]?time|confirmation|confirm|auth|authentication|authorization|2fa|otp|activation|access|dynamic|6[- ]?digit|4[- ]?digit)\s{0,2})?code(?![A-Za-z])`,
  String.raw`(?<![A-Za-z])(?:otp|2fa|pin(?:\s{0,2}(?:code|number|no\.?))?)(?![A-Za-z])`,
].join("|");

/** Words that may stand between "code" and its digits: "the code I got is", "验证码刚收到是". */
const GAP = String.raw`(?:\s|[:=#,"'“”‘’-]|(?:is|was|are|it's|its|my|the|i|got|get|received|recieved|receive|just|sent|to|me|number|no\.|no|num|that|here|as|now)(?![A-Za-z])|是|为|号|码|的|我|收到了?|刚刚?|才|发来|发过来|发给我|一下|短信|了|就|如下){0,10}`;

/** After the digits, only a copula or a bracket links them to the keyword: "482913 is my code", "482913（验证码）". */
const REVERSE_GAP = String.raw`(?:\s{0,2}\(\s{0,2}|\s{0,2}(?:(?:is|was)(?![A-Za-z])|是|为|就是)\s{0,2}(?:(?:my|the|your|this|a)\s)?\s{0,2}(?:我的|我|的|这个|刚收到的|收到的)?\s{0,2}|\s{0,2}(?:这个|刚收到的|收到的|的)\s{0,2})`;

/** Amounts, durations and counts are numbers too: "验证码 5 分钟有效", "code for 1000 yuan". */
const NOT_A_QUANTITY = String.raw`(?!\s{0,2}(?:元|块|万|%|rmb|cny|usd|hkd|yuan|dollars?|bucks|年|月|日|号|次|分钟?|秒|位|个|笔|天|小时|mins?|minutes?|secs?|seconds?|times?|digits?|hours?|days?|years?|months?)(?![A-Za-z]))`;

/** One-time and verification codes (4-8 digits) next to 验证码 / code / OTP / PIN, in either order. */
export const detectCodes = keywordValueDetector({
  kind: "code",
  keyword: KEYWORD,
  gap: GAP,
  value: String.raw`(?<![\d.,¥$])(?:\d{4,8}|\d{3}[ -]\d{3}|\d(?: \d){3,7})(?![\d]|[.,]\d|[A-Za-z])${NOT_A_QUANTITY}`,
  reverseGap: REVERSE_GAP,
  accept: (_value, _separator, text, start) => !followsReference(text, start),
  mask: () => "[code]",
});

/**
 * A message that is nothing but a six-digit number, the shape of almost every SMS code: what a user
 * pastes when a fake agent asks for "the code you just got". Six digits exactly: a bare amount or a
 * four-digit number alone is more often not a code, and order numbers are longer.
 */
const BARE_CODE = /^\s*(\d{6}|\d{3} \d{3})\s*$/d;

export const detectBareCodes: Detector = (text) => {
  const span = BARE_CODE.exec(text)?.indices?.[1];
  return span ? [{ kind: "code", start: span[0], end: span[1], mask: "[code]" }] : [];
};
