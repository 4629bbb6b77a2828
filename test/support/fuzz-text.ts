import fc from "fast-check";

/** 1 MB of text: far over any limit, to prove nothing is done with it but a polite refusal. */
const MEGABYTE = 1024 * 1024;

/** Lone and reversed surrogate halves: invalid UTF-16 that JSON, regexes and segmenters must survive. */
const brokenSurrogates = fc.constantFrom("\uD800", "\uDFFF", "a\uD83D", "\uDE00b", "\uDC00\uD800", "😀".slice(0, 1), "x\uD83D\uD83Dy");
const rightToLeft = fc.constantFrom("\u202Eevil\u202C", "\u200Fשלום", "مرحبا بك", "\u2067رقم 4111\u2069", "\u061C\u200E");
const zeroWidth = fc.constantFrom("\u200B", "\u200C", "\u200D", "\uFEFF", "\u2060", "4\u200B111 1111 1111 1111");
const emoji = fc.array(fc.constantFrom("😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "❤️", "🔥", "\u{1F9D1}\u200D\u{1F4BB}"), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(""));
const secretish = fc.constantFrom("验证码 482913", "4111 1111 1111 1111", "password: hunter2", "13812345678", "a@b.co", "110105195712126070", "cvv 123");
const nestedJson = fc.integer({ min: 50, max: 3000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`);
const huge = fc.constantFrom(
  "x".repeat(MEGABYTE),
  "4111 1111 1111 1111 ".repeat(MEGABYTE / 20),
  "验".repeat(MEGABYTE / 2),
  "\uD800".repeat(MEGABYTE / 4),
  "a".repeat(3_999),
  `${"付款失败 ".repeat(799)}4111 1111 1111 1111`,
);

/** Text as users (and attackers) send it: ordinary, broken, invisible, right-to-left, emoji-only, enormous. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string() },
  { weight: 3, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.string(), brokenSurrogates, rightToLeft, zeroWidth, emoji, secretish), { maxLength: 8 }).map((parts) => parts.join(" ")) },
  { weight: 2, arbitrary: emoji },
  { weight: 1, arbitrary: nestedJson },
  { weight: 1, arbitrary: huge },
);

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.anything({ maxDepth: 3 }),
  fc.integer({ min: 50, max: 500 }).map((depth) => {
    let value: unknown = {};
    for (let i = 0; i < depth; i++) value = { nested: value };
    return value;
  }),
);
