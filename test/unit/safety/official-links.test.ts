import { describe, expect, it } from "vitest";
import { OfficialLinks } from "../../../src/safety/official-links.js";
import { TEXT } from "../../../src/texts.js";
import { shippedBrand } from "../../support/knowledge.js";

/** knowledge/brand.yaml: website https://www.topay.example, app_store …/download, t.me/topay_example_bot, discord.gg/topay-example. */
const BRAND = shippedBrand();
const links = new OfficialLinks(() => BRAND);
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
    ["log in at topay-secure.com/verify to keep your account", `log in at ${REMOVED} to keep your account`],
    ["退款请到 topay-refund.top 填写资料", `退款请到 ${TEXT.linkRemoved.zh} 填写资料`],
    ["Claim at Topay-Gift.XYZ!", `Claim at ${REMOVED}!`],
    ["join discord.gg/topay-help for a refund", `join ${REMOVED} for a refund`],
    ["verify now...topay-verify.click", `verify now...${REMOVED}`],
    ["_topay-bonus.sbs/claim", `_${REMOVED}`],
  ])("replaces any other link: %s", (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it("writes the note in the reply's language, and cleans button labels and the agent's name too", () => {
    const message = links.filter({ text: "请访问 https://evil.example 办理退款", buttons: [{ id: "x", label: "https://evil.example" }], fromAgent: "Bob www.evil.example" });
    expect(message).toEqual({ text: `请访问 ${TEXT.linkRemoved.zh} 办理退款`, buttons: [{ id: "x", label: REMOVED }], fromAgent: `Bob ${REMOVED}` });
  });

  it.each(["write to support@topay.example or help@topay.com", "the file is refund-form.pdf", "version 2.10.3 fixed it", "e.g. the 2nd payment"])(
    "leaves text that is no link alone: %s",
    (value) => {
      expect(text(value)).toBe(value);
    },
  );

  it("follows the brand of the knowledge in use (the engine reloads it when brand.yaml changes)", () => {
    let brand = BRAND;
    const live = new OfficialLinks(() => brand);
    const check = (value: string) => live.filter({ text: value, buttons: [] }).text;
    expect(check("https://pay.topay.example/")).toBe(REMOVED);
    brand = { ...BRAND, website: "https://pay.topay.example" };
    expect(check("https://pay.topay.example/")).toBe("https://pay.topay.example/");
  });
});
