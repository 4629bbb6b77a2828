import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../src/engine/language.js";

describe("language detection", () => {
  it.each([
    ["付款一直失败怎么回事", "zh"],
    ["where's my refund??", "en"],
    ["帳號登入不了", "zh"],
    ["refund 怎么还没到", "zh"],
    ["my topay 账户 got locked after the update yesterday", "en"],
  ] as const)("reads %s as %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("keeps the conversation's language for a message without words", () => {
    expect(detectLanguage("👍", "en")).toBe("en");
    expect(detectLanguage("12345", "zh")).toBe("zh");
  });
});
