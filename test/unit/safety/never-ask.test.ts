import { afterEach, describe, expect, it } from "vitest";
import { asksForSecret } from "../../../src/engine/asks-for-secret.js";
import { readKnowledge } from "../../../src/engine/knowledge.js";
import { TEXT } from "../../../src/texts.js";
import { knowledgeCopy } from "../../support/knowledge.js";

/**
 * "Never ask": staff never ask for a password, a code, a card or an ID number, so nothing the bot
 * says may either. kb:check (and the bot's start) refuse such a text anywhere in knowledge/; the
 * bot's fixed texts are checked here. test/unit/engine/asks-for-secret.test.ts covers the detector
 * and kb:check's exit code.
 */
describe("never ask for a secret", () => {
  it.each(Object.entries(TEXT))("the fixed text %s asks for none, in Chinese or in English", (_key, text) => {
    expect(asksForSecret(text.zh)).toBe(false);
    expect(asksForSecret(text.en)).toBe(false);
  });

  describe("kb:check", () => {
    let copy: ReturnType<typeof knowledgeCopy> | undefined;
    afterEach(() => copy?.remove());

    it.each([
      ["a public answer asking for a card number", "faq/refund.status.yaml", /^( {2}en: )Refunds are reviewed/m, "$1Please send us your card number. Refunds are reviewed", /^public_answer\.en$/],
      ["a rule's reply asking for an ID number", "rules.yaml", /(zh: )你好!我是/, "$1你好!请告诉我您的身份证号。我是", /^rules\[\d+\]\.reply\.zh$/],
      ["a policy reply asking for a verification code", "policy.yaml", /(zh: \|\n\s+)我是 \{\{brand\}\} 客服助手/, "$1请回复短信验证码。我是 {{brand}} 客服助手", /^replies\.help\.zh$/],
    ])("refuses %s, naming the file, the field and the line", (_what, file, find, replace, field) => {
      copy = knowledgeCopy();
      copy.edit(file, (text) => {
        const changed = text.replace(find, replace);
        expect(changed).not.toBe(text);
        return changed;
      });
      const { knowledge, errors } = readKnowledge(copy.dir);
      expect(knowledge).toBeUndefined();
      const refusal = errors.find((error) => /asks the user for a password, code, card or ID number/.test(error.message));
      expect(refusal?.file).toContain(file);
      expect(refusal?.field).toMatch(field);
      expect(refusal?.line).toBeGreaterThan(0);
    });
  });
});
