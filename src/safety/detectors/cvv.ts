import { keywordValueDetector } from "./keyword-value.js";

const KEYWORD = [
  String.raw`(?<![A-Za-z])(?:cvv2?|cvc2?|cvn2?|csc|security\s+code|card\s+verification\s+(?:value|code|number)|(?:3|three|4|four)[- ]digits?(?:\s+(?:code|number))?\s+on\s+the\s+back(?:\s+of\s+(?:the|my)\s+card)?)(?![A-Za-z])`,
  String.raw`安全码|(?:卡背(?:面|后)?|背面)的?(?:最后|后)?(?:三|3)位(?:数字?|码)?|卡背(?:面|后)?的?(?:数字|号码|码)`,
].join("|");

/** The 3-4 digits on the back of a card, next to CVV / CVC / 安全码 / 卡背面三位, in either order. */
export const detectCvvs = keywordValueDetector({
  kind: "cvv",
  keyword: KEYWORD,
  gap: String.raw`(?:\s|[:=#-]|(?:is|are|was|number|no\.?|code)(?![A-Za-z])|是|为|码|号|数字){0,5}`,
  value: String.raw`(?<!\d)\d{3,4}(?![\d]|[A-Za-z])`,
  reverseGap: String.raw`(?:\s{0,2}\(\s{0,2}|\s{0,2}(?:(?:is|was)(?![A-Za-z])|是|为|就是)\s{0,2}(?:(?:my|the)\s)?\s{0,2}(?:我的|卡的|的)?\s{0,2})`,
  mask: () => "[CVV]",
});
