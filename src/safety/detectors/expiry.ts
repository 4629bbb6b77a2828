import { keywordValueDetector } from "./keyword-value.js";

/** Expiry dates of other things (coupons, memberships, documents) are not card data. */
const NOT_A_CARD = String.raw`(?<!(?:券|会员|优惠|活动|积分|红包|礼品|套餐|证件|身份证|护照|签证|驾照|密码|验证码|链接|二维码|coupon|voucher|promo|offer|membership|points|code|link|subscription|trial|passport|license|licence|id|document)[\s的]{0,3})`;

const KEYWORD = [
  String.raw`${NOT_A_CARD}(?:有效期(?:至|到|为|是)?|到期(?:日期|时间|日)?|过期(?:日期|时间|日)?|失效日期)`,
  String.raw`(?<![A-Za-z])${NOT_A_CARD}(?:exp(?:iry|iration|\.)?(?:\s+date)?|expires?|valid\s+(?:thru|through|until|till)|good\s+thru|mm\s?/\s?yy)(?![A-Za-z])`,
].join("|");

/** Month and year only: with a day it is an ordinary date (an order date, a coupon's last day). */
const VALUE = [
  String.raw`(?<!\d)(?:0?[1-9]|1[0-2])\s?[/-]\s?(?:20)?\d{2}(?![\d/-])`,
  String.raw`(?<!\d)20\d{2}\s?[/-]\s?(?:0?[1-9]|1[0-2])(?![\d/-])`,
  String.raw`(?<!\d)20\d{2}年\s?(?:0?[1-9]|1[0-2])月(?!\s?\d{1,2}\s?[日号])`,
  String.raw`(?<!\d)(?:0?[1-9]|1[0-2])月\s?(?:20)?\d{2}年`,
].join("|");

/** Card expiry dates (MM/YY, MM/YYYY, 2027年8月) next to 有效期 / exp / valid thru. */
export const detectExpiries = keywordValueDetector({
  kind: "expiry",
  keyword: KEYWORD,
  gap: String.raw`(?:\s|[:=#-]|(?:is|date|on|in|at|of)(?![A-Za-z])|是|为|至|到|在){0,5}`,
  value: VALUE,
  mask: () => "[expiry]",
});
