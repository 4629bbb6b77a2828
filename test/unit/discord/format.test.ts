import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapedParts, escapeMarkdown } from "../../../adapters/discord/format.js";
import { shownOnDiscord as shown } from "../../support/discord-text.js";

/** Markdown characters left without a backslash, outside links: what Discord would render as markdown. */
function unescaped(text: string): string[] {
  const left: string[] = [];
  for (const line of text.replace(/https?:\/\/\S+/g, "").split("\n")) {
    const tokens = line.match(/\\[\s\S]|[\s\S]/gu) ?? [];
    tokens.forEach((token, index) => {
      const atLineStart = tokens.slice(0, index).every((before) => /^\s$/.test(before));
      if (/^[*_~`|[\]<\\]$/.test(token)) left.push(token);
      if (atLineStart && /^[#>]$/.test(token)) left.push(token);
      if (atLineStart && token === "-" && tokens[index + 1] === "#") left.push("-#");
    });
  }
  return left;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("discord escapeMarkdown", () => {
  it("leaves Chinese, numbered steps and ordinary punctuation as they are", () => {
    const text = "退款需要商家先审核。\n1. Open the app (v2.0)! Done? 订单号: 2024-0001, 金额 ¥99.5";
    expect(escapeMarkdown(text)).toBe(text);
  });

  it.each([
    ["**bold**", "\\*\\*bold\\*\\*"],
    ["__underline__ _italic_", "\\_\\_underline\\_\\_ \\_italic\\_"],
    ["~~struck~~", "\\~\\~struck\\~\\~"],
    ["`code`", "\\`code\\`"],
    ["||spoiler||", "\\|\\|spoiler\\|\\|"],
    ["[official site](https://evil.example)", "\\[official site\\](https://evil.example)"],
    ["<@123456789012345678> <#123456789012345678> <t:1700000000>", "\\<@123456789012345678> \\<#123456789012345678> \\<t:1700000000>"],
    ["C:\\path", "C:\\\\path"],
    ["# Heading", "\\# Heading"],
    ["  > quote", "  \\> quote"],
    ["-# small print", "\\-# small print"],
    ["a > b, issue #4 - done", "a > b, issue #4 - done"],
  ])("shows %j as typed", (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
    expect(shown(escaped)).toBe(text);
  });

  it("keeps links whole, so Discord still links them", () => {
    expect(escapeMarkdown("Bot: https://t.me/topay_example_bot or _ask_")).toBe("Bot: https://t.me/topay_example_bot or \\_ask\\_");
  });

  it("shows any text exactly as typed and leaves no markdown active", () => {
    const markdownish = fc.string({ unit: fc.constantFrom(..."*_~`|[]()<>#-\\ \n\tab1退款:/@.".split("")), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ unit: "grapheme", maxLength: 60 })), (text) => {
        fc.pre(!text.includes("://"));
        const escaped = escapeMarkdown(text);
        expect(shown(escaped)).toBe(text);
        expect(unescaped(escaped)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("discord escapedParts", () => {
  it("keeps a short text in one part", () => {
    expect(escapedParts("Hello *there*")).toEqual(["Hello \\*there\\*"]);
  });

  it("cuts a long text on paragraph boundaries, each part under the limit", () => {
    const paragraph = "退款需要商家先审核,审核通过后才会返还至账户。".repeat(20);
    const text = Array.from({ length: 6 }, (_, index) => `${index + 1}. ${paragraph}`).join("\n\n");
    const parts = escapedParts(text, 2000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= 2000)).toBe(true);
    expect(parts.every((part) => /^\d\. /.test(part))).toBe(true);
    expect(parts.join("\n\n")).toBe(text);
  });

  it("fits text that escaping doubles, without cutting an escape in two", () => {
    const text = "*_".repeat(1500);
    const parts = escapedParts(text, 2000);
    expect(parts.every((part) => part.length <= 2000)).toBe(true);
    expect(parts.every((part) => unescaped(part).length === 0)).toBe(true);
    expect(parts.map(shown).join("")).toBe(text);
  });

  it("never splits an emoji or a rare Han character in two", () => {
    const text = "😀𠀋".repeat(700);
    const parts = escapedParts(text, 2000);
    expect(parts.every((part) => part.length <= 2000 && !LONE_SURROGATE.test(part))).toBe(true);
    expect(parts.join("")).toBe(text);
  });
});
