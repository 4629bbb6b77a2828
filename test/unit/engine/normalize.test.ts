import { describe, expect, it } from "vitest";
import { foldText, Normalizer } from "../../../src/engine/normalize.js";

describe("normalisation", () => {
  it("folds full-width letters and digits to half width and lower case", () => {
    expect(foldText("ＴＯＰＡＹ　退款１２３")).toBe("topay 退款123");
  });

  it("turns common traditional characters into simplified ones", () => {
    expect(foldText("帳號登錄不了 退款怎麼還沒到")).toBe("账号登录不了 退款怎么还没到");
  });

  it("treats didn't and didnt as the same word", () => {
    expect(foldText("I didn’t get it")).toBe(foldText("i didnt get it"));
  });

  it("replaces synonyms with their canonical form, longest variant first", () => {
    const normalizer = new Normalizer({ 退款: ["退钱", "退钱了吗"], password: ["pw"] });
    expect(normalizer.normalize("我要退钱")).toBe("我要退款");
    expect(normalizer.normalize("退钱了吗")).toBe("退款");
  });

  it("matches Latin variants as whole words only", () => {
    const normalizer = new Normalizer({ password: ["pw"] });
    expect(normalizer.normalize("forgot my PW")).toBe("forgot my password");
    expect(normalizer.normalize("got pwned")).toBe("got pwned");
  });

  it("applies synonyms written in traditional characters to simplified input", () => {
    const normalizer = new Normalizer({ 账号: ["帳戶"] });
    expect(normalizer.normalize("账户被锁")).toBe("账号被锁");
  });
});
