import { afterEach, describe, expect, it } from "vitest";
import { OfficialLinks } from "../../../src/safety/official-links.js";
import { TEXT } from "../../../src/texts.js";
import { KNOWLEDGE_DIR, knowledgeCopy } from "../../support/knowledge.js";

/** knowledge/brand.yaml: website https://www.topay.example, app_store …/download, t.me/topay_example_bot, discord.gg/topay-example. */
const links = new OfficialLinks(KNOWLEDGE_DIR);
const text = (value: string) => links.filter({ text: value, buttons: [] }).text;
const REMOVED = TEXT.linkRemoved.en;

describe("official links only", () => {
  it.each([
    "Download the app at https://www.topay.example/download.",
    "See https://www.topay.example/help/refunds?lang=en#steps for the steps",
    "Visit www.topay.example, or our bot https://t.me/topay_example_bot?start=abc",
    "Join https://discord.gg/topay-example",
    "官网https://www.topay.example查看,或拨打热线",
  ])("keeps brand.yaml's links and what lies below them: %s", (value) => {
    expect(text(value)).toBe(value);
  });

  it.each([
    ["Verify here: https://topay-secure.example/login", `Verify here: ${REMOVED}`],
    ["refund at http://www.topay.example/refund now", `refund at ${REMOVED} now`],
    ["https://www.topay.example@evil.example/x", REMOVED],
    ["https://www.topay.example.evil.example/", REMOVED],
    ["https://www.topay.example:8443/", REMOVED],
    ["our bot is https://t.me/topay_support_official", `our bot is ${REMOVED}`],
    ["message tg://resolve?domain=topay_help today", `message ${REMOVED} today`],
    ["go to WWW.EVIL.EXAMPLE/topay.", `go to ${REMOVED}.`],
    ["(https://evil.example/a), then https://www.topay.example", `(${REMOVED}), then https://www.topay.example`],
  ])("replaces any other link: %s", (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it("writes the note in the reply's language, and cleans button labels and the agent's name too", () => {
    const message = links.filter({ text: "请访问 https://evil.example 办理退款", buttons: [{ id: "x", label: "https://evil.example" }], fromAgent: "Bob www.evil.example" });
    expect(message).toEqual({ text: `请访问 ${TEXT.linkRemoved.zh} 办理退款`, buttons: [{ id: "x", label: REMOVED }], fromAgent: `Bob ${REMOVED}` });
  });

  describe("when brand.yaml changes", () => {
    let copy: ReturnType<typeof knowledgeCopy> | undefined;
    afterEach(() => copy?.remove());

    it("follows the new website at once, and keeps the last valid links through an invalid edit", () => {
      copy = knowledgeCopy();
      const live = new OfficialLinks(copy.dir);
      const check = (value: string) => live.filter({ text: value, buttons: [] }).text;
      expect(check("https://pay.topay.example/")).toBe(REMOVED);
      copy.edit("brand.yaml", (yaml) => yaml.replace("website: https://www.topay.example", "website: https://pay.topay.example"));
      expect(check("https://pay.topay.example/")).toBe("https://pay.topay.example/");
      copy.edit("brand.yaml", (yaml) => yaml.replace("website: https://pay.topay.example", "website: not a url"));
      expect(check("https://pay.topay.example/")).toBe("https://pay.topay.example/");
    });
  });
});
