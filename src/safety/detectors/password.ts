import { keywordValueDetector } from "./keyword-value.js";

const KEYWORD = [
  String.raw`(?:登录|登陆|支付|交易|取款|提现|银行卡|卡|账户|账号|帐号|app|新|旧|原|原来的|现在的|初始|邮箱)?密码|口令`,
  String.raw`(?<![A-Za-z])(?:password|passwd|passcode|pass\s?word|pwd|pword)(?![A-Za-z])`,
].join("|");

const GAP = String.raw`(?:\s|[:=,"'“”‘’-]|(?:is|was|to|now|currently|still|would\s+be|should\s+be|set\s+to|changed\s+to|as|my|it's|its)(?![A-Za-z])|是|为|原来|以前|之前|设置?为|设置?成|设的是|设的|改成了?|改为|换成了?|就是|还是|一直是|都是){0,6}`;

/** After the value, only a copula links it to the keyword: "x9!kq2 is my password", "abc12345是我的密码". */
const REVERSE_GAP = String.raw`\s{0,2}(?:(?:is|was)(?![A-Za-z])|=|是|为|就是|这是)\s{0,2}(?:(?:my|the|our)\s)?\s{0,2}(?:(?:new|old|current)\s)?\s{0,2}(?:我的|我|的)?(?:新的?|旧的?)?\s{0,2}`;

/** What follows a password keyword without being one: "password is wrong", "password: required". */
const NOT_A_PASSWORD = new Set(
  "wrong incorrect correct right invalid expired required reset forgot forgotten change changed changing update updated help please same error locked blocked none null empty unknown hidden protected strong weak good fine okay not the my your this that what when where which must should cannot doesnt isnt also too very still".split(
    " ",
  ),
);

/**
 * Passwords after 密码 / password / pwd ("密码是 abc123", "password: hunter2"). Without a strong
 * separator (`:`, `=`, `是`, quotes) a password must hold a digit or a symbol: "my password is wrong"
 * is a complaint, "my password is x9!k" is a leak.
 */
export const detectPasswords = keywordValueDetector({
  kind: "password",
  keyword: KEYWORD,
  gap: GAP,
  value: String.raw`(?<![A-Za-z0-9])[A-Za-z0-9!#$%&*+./:;=?@^_~|{}()<>-]{4,64}`,
  reverseGap: REVERSE_GAP,
  accept: (value, separator) => {
    // "policy?" is a word at the end of a question; "x9!k" is a password.
    const word = value.replace(/[.,;:!?)]+$/, "");
    if (word.length < 4) return false;
    if (/[^A-Za-z]/.test(word)) return true;
    // A quote counts only when it opens the value: in 'the "forgot password" button' it closes the name.
    return (/[:=是为成]/.test(separator) || /["'“”‘’]$/.test(separator)) && !NOT_A_PASSWORD.has(word.toLowerCase());
  },
  mask: () => "[password]",
});
