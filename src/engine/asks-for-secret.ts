/**
 * Does a reply ask the user to hand over a secret? Support staff never ask for a password, a
 * verification code, a card number or an ID number, so no answer may either. Saying that we never
 * ask ("客服绝不会索要验证码", "never share your code") is the opposite, and passes.
 */
const SECRET_ZH = "(?:登录|支付|交易)?密码|验证码|校验码|动态码|短信码|pin码?|cvv|cvc|安全码|(?:银行)?卡号|身份证号?(?:码)?";
const ASK_ZH = new RegExp(
  [
    `(?:提供|告诉|告知|发送给|发给|发到这|发来|发一下|发下|给我|私信|回复|报给|报一下|说出|索要)[^。!?\\n]{0,8}?(?:${SECRET_ZH})`,
    `把[^。!?\\n]{0,8}?(?:${SECRET_ZH})[^。!?\\n]{0,6}?(?:告诉|发给|发送给|提供给|给)(?:我|客服|工作人员|本)`,
  ].join("|"),
  "giu",
);
const NEGATION_ZH = /(?:不要|别|切勿|勿|绝不|决不|从不|不会|不得|不能|永远不|千万不|避免|谨防|不可|禁止)/u;

const SECRET_EN = "password|passcode|pin\\b|(?:verification |security |one[- ]time |sms |login )?code|otp|card number|card details|cvv|cvc|id number|passport number";
const ASK_EN = new RegExp(
  `\\b(?:send|give|tell|provide|share|reply with|dm|message|type|post|ask(?:s|ed)? (?:you )?for)\\b[^.!?\\n]{0,24}?\\b(?:${SECRET_EN})`,
  "gi",
);
const NEGATION_EN = /\b(?:never|not|don'?t|do not|won'?t|will not|no one|nobody|nor|avoid|refuse)\b/i;

export function asksForSecret(text: string): boolean {
  return findsUnnegated(text, ASK_ZH, NEGATION_ZH) || findsUnnegated(text, ASK_EN, NEGATION_EN);
}

function findsUnnegated(text: string, ask: RegExp, negation: RegExp): boolean {
  for (const match of text.matchAll(ask)) {
    // The clause before the verb decides: "请提供验证码" asks, "请不要提供验证码" warns.
    const clauseStart = Math.max(...["。", "!", "?", "\n", ".", "!", "?", ";", ";", ","].map((mark) => text.lastIndexOf(mark, match.index)));
    const clause = text.slice(clauseStart + 1, match.index + match[0].length);
    if (!negation.test(clause)) return true;
  }
  return false;
}
