import { describe, expect, it } from "vitest";
import { TelegramRenderError } from "../../../adapters/telegram/errors.js";
import { escapeHtml, MAX_MESSAGE_CHARS } from "../../../adapters/telegram/format.js";
import { renderMessage } from "../../../adapters/telegram/outbound.js";
import { type OutboundMessageInput, outboundMessageSchema } from "../../../src/conversation/model.js";
import { TEXT } from "../../../src/texts.js";
import { plainTextOfHtml } from "../../support/telegram-html.js";

const BOT = "topay_support_bot";
const render = (message: OutboundMessageInput) => renderMessage(outboundMessageSchema.parse(message), BOT);
/** What the user reads, per Telegram's HTML rules. */
const seen = (message: OutboundMessageInput) => render(message).map((part) => plainTextOfHtml(part.text));

describe("telegram outbound: escaping", () => {
  it("escapes exactly &, < and >", () => {
    expect(escapeHtml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
  });

  it("shows every special character of HTML and MarkdownV2 as written", () => {
    const text = "<b>not bold</b> & &amp; &lt; > _*[]()~`#+-=|{}.!\\ \"quoted\" 'single' 100% $5 @user /cmd";
    expect(seen({ text })).toEqual([text]);
  });

  it("shows Chinese text, full-width punctuation and emoji as written", () => {
    const text = "退款还没到账?请在「我的订单」查看 <订单号> & 金额 ¥100。😡👍🏽 繁體:退款進度";
    expect(seen({ text })).toEqual([text]);
  });
});

describe("telegram outbound: long answers", () => {
  const paragraph = (n: number) => `${n}. ${"Refund steps and details. ".repeat(12).trim()}`;
  const long = Array.from({ length: 34 }, (_, n) => paragraph(n)).join("\n\n");
  const buttons = [{ id: "topic:refund.request", label: "Request a refund" }, { id: "handoff", label: "Talk to a person" }];

  it("splits a 10000-character answer on paragraph boundaries, buttons on the last part", () => {
    expect(long.length).toBeGreaterThan(10_000);
    const parts = render({ text: long, buttons });
    expect(parts.length).toBe(3);
    for (const part of parts) expect(plainTextOfHtml(part.text).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(parts.map((part) => plainTextOfHtml(part.text)).join("\n\n")).toBe(long);
    for (const part of parts.slice(0, -1)) expect(part.reply_markup).toBeUndefined();
    expect(parts.at(-1)?.reply_markup?.inline_keyboard.flat().map((key) => ("callback_data" in key ? key.callback_data : ""))).toEqual(["topic:refund.request", "handoff"]);
  });

  it("cuts a text with no break at all without losing or breaking a character", () => {
    const text = "退款😡".repeat(3000);
    const parts = seen({ text });
    expect(parts.join("")).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(parts.every((part) => !/[\ud800-\udbff]$/.test(part))).toBe(true);
  });

  it("keeps escaped text within the limit Telegram counts after parsing", () => {
    const text = "<&>".repeat(4000);
    const parts = render({ text });
    expect(parts.map((part) => plainTextOfHtml(part.text)).join("")).toBe(text);
    for (const part of parts) expect(plainTextOfHtml(part.text).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});

describe("telegram outbound: keyboards", () => {
  it("gives each long label a row and puts short ones side by side", () => {
    const rows = (labels: string[]) => render({ text: "?", buttons: labels.map((label, n) => ({ id: `b${n}`, label })) })[0]?.reply_markup?.inline_keyboard.map((row) => row.length);
    expect(rows(["Refund status", "Request a refund"])).toEqual([1, 1]);
    expect(rows(["1", "2", "3", "4", "5"])).toEqual([5]);
    expect(rows(Array.from({ length: 10 }, (_, n) => String(n)))).toEqual([8, 2]);
  });

  it("turns continueInPrivate into a deep link to the bot, labelled in the reply's language", () => {
    const [en] = render({ text: "Refunds are reviewed by the merchant.", continueInPrivate: { token: "c-Xy12_ab" } });
    expect(en?.reply_markup?.inline_keyboard[0]).toEqual([{ text: TEXT.continueInPrivate.en, url: `https://t.me/${BOT}?start=c-Xy12_ab` }]);
    const [zh] = render({ text: "退款需商家审核。", continueInPrivate: { token: "c-Xy12_ab" }, buttons: [{ id: "handoff", label: "转人工客服" }] });
    expect(zh?.reply_markup?.inline_keyboard.map((row) => row[0]?.text)).toEqual([TEXT.continueInPrivate.zh, "转人工客服"]);
  });

  it("refuses what Telegram would refuse: a deep-link token or button id it cannot carry", () => {
    expect(() => render({ text: "?", continueInPrivate: { token: "has space" } })).toThrow(TelegramRenderError);
    expect(() => render({ text: "?", buttons: [{ id: "话".repeat(22), label: "x" }] })).toThrow(/over 64 bytes/);
  });
});

describe("telegram outbound: an agent's message", () => {
  it("is marked as written by a person, in the message's language, with the name escaped", () => {
    expect(seen({ text: "Your refund was approved today.", fromAgent: "Lily <L2> & Co" })).toEqual([`👤 ${TEXT.fromAgent.en} Lily <L2> & Co\nYour refund was approved today.`]);
    expect(seen({ text: "您的退款今天已批准。", fromAgent: "小李" })).toEqual([`👤 ${TEXT.fromAgent.zh} 小李\n您的退款今天已批准。`]);
  });

  it("stays within the limit with the name line added", () => {
    const parts = seen({ text: "x".repeat(MAX_MESSAGE_CHARS), fromAgent: "Lily" });
    expect(parts.length).toBe(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});
