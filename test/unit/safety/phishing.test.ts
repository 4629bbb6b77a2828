import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef, Language } from "../../../src/conversation/model.js";
import { loadEngine } from "../../../src/engine/build.js";
import type { FaqEngine } from "../../../src/engine/faq-engine.js";
import { KNOWLEDGE_DIR, shippedBrand } from "../../support/knowledge.js";

const DM: ConversationRef = { platform: "console", chatId: "u1", kind: "dm" };
const brand = shippedBrand();

let engine: FaqEngine;
// Training takes seconds (more when calibration.yaml is stale and the build cross-validates).
beforeAll(() => {
  engine = loadEngine(KNOWLEDGE_DIR).engine;
}, 60_000);

const decide = (text: string, language: Language) => engine.decide({ text, language, conversation: { consecutiveMisses: 0, lastTopic: null, ref: DM } });

/** Users reporting scams the way they write: fake agents, suspicious links, "refund" calls that want a code. */
const REPORTS: [Language, string][] = [
  ["zh", "有人打电话说是Topay客服，说要给我退款，让我把验证码告诉他"],
  ["zh", "我收到一条短信，里面有个链接说我的账户被冻结了，要我登录验证"],
  ["zh", "有个自称topay官方的人加我微信，说帮我处理退款"],
  ["zh", "这个网站 http://topay-secure.example 是不是官方的"],
  ["zh", "群里有人冒充客服私聊我，要我的卡号"],
  ["zh", "收到一个电话说我的订单退款失败，要我共享屏幕"],
  ["zh", "退款电话让我报验证码，是真的吗"],
  ["en", "someone called me saying they were from topay and asked for the code I just got"],
  ["en", "I got a text with a suspicious link saying my account is locked"],
  ["en", "a fake agent on telegram is asking for my password"],
  ["en", "is https://topay-refunds.example legit? they say they'll refund me"],
  ["en", "someone DMed me pretending to be topay support, asking for my card number"],
  ["en", "got a refund call, they want the verification code sent to my phone"],
  ["en", "I want to report a phishing website pretending to be topay"],
];

describe("anti-phishing", () => {
  it.each(REPORTS)("answers a scam report (%s: %s) with the phishing advice and the official channels", (language, text) => {
    const decision = decide(text, language);
    expect(decision).toMatchObject({ action: "answer", topic: "security.phishing" });
    const reply = decision.replies.map((message) => message.text).join("\n");
    expect(reply).toContain(brand.website);
    expect(reply).toContain(brand.hotline);
  });

  it.each([
    ["zh", "卖家是骗子，收了钱不发货，怎么退款"],
    ["en", "the seller scammed me, never shipped, how do I get a refund"],
  ] as [Language, string][])("takes a merchant who did not deliver for a refund matter (%s: %s)", (language, text) => {
    expect(decide(text, language).topic).toBe("refund.request");
  });
});
