import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/conversation/model.js";
import { loadEngine } from "../../../src/engine/build.js";
import type { FaqEngine } from "../../../src/engine/faq-engine.js";
import type { Decision } from "../../../src/engine/types.js";
import { KNOWLEDGE_DIR } from "../../support/knowledge.js";

const DM: ConversationRef = { platform: "console", chatId: "u1", kind: "dm" };

let engine: FaqEngine;
// Training takes seconds (more when calibration.yaml is stale and the build cross-validates).
beforeAll(() => {
  engine = loadEngine(KNOWLEDGE_DIR).engine;
}, 60_000);

function decide(text: string, language: "zh" | "en" = /[\u4e00-\u9fff]/.test(text) ? "zh" : "en"): Decision {
  return engine.decide({ text, language, conversation: { consecutiveMisses: 0, lastTopic: null, ref: DM } });
}

describe("rules (knowledge/rules.yaml)", () => {
  it.each(["转人工", "我要找人工客服", "真人在吗", "I want to talk to a real person", "agent", "human please"])("hands %s to a person (contact.human)", (text) => {
    const decision = decide(text);
    expect(decision).toMatchObject({ action: "handoff", topic: "contact.human", handoff: { reason: "requested", priority: "normal" }, ruleId: "human" });
  });

  it("does not hand off when a message only mentions what an agent said", () => {
    expect(decide("客服说给我退款了 怎么没到")).toMatchObject({ topic: "refund.status" });
  });

  it("does not take someone impersonating an agent for a request for a person", () => {
    expect(decide("有人冒充人工客服打电话给我").ruleId).not.toBe("human");
  });

  it.each(["我的账号被盗了", "有一笔不是我本人操作的付款", "被盗刷了三千块", "my account was hacked", "there is an unauthorized payment on my card", "I lost my phone"])(
    "treats %s as urgent: the safety steps and an urgent handoff",
    (text) => {
      const decision = decide(text);
      expect(decision).toMatchObject({ action: "handoff", topic: "security.unauthorized", handoff: { reason: "urgent_security", priority: "urgent" } });
      expect(decision.replies[0]?.text).toMatch(/400-000-0000/);
    },
  );

  it.each(["有个自称客服的人让我开共享屏幕 然后卡里的钱没了", "someone pretending to be topay support got my code and my money is gone", "i got scammed by a fake agent"])(
    "treats a scam that already cost money (%s) as urgent, not as a phishing question",
    (text) => {
      expect(decide(text)).toMatchObject({ action: "handoff", topic: "security.unauthorized", handoff: { priority: "urgent" } });
    },
  );

  it.each(["is this text a scam?", "有人冒充客服给我打电话 我没理他", "有人冒充客服 差点被骗了 还好钱没转", "almost got scammed by a fake agent, didnt send anything"])("answers the scam report %s with the phishing advice, no emergency", (text) => {
    expect(decide(text)).toMatchObject({ topic: "security.phishing" });
  });

  it.each([
    "there are unauthorized payments on my account, please stop it",
    "我的账号被盗了以后怎么办",
    "我很担心 我的账户被盗了",
    "i think my account is getting hacked right now",
    "我的账号被盗了 钱被转到支付宝了",
    "my topay account was hacked and they bought stuff on amazon",
    "我的工商银行卡被盗刷了",
  ])("keeps %s an emergency, whatever else it mentions", (text) => {
    expect(decide(text)).toMatchObject({ ruleId: "urgent-security", handoff: { priority: "urgent" } });
  });

  it.each([
    "someone pretending to be topay support called and said my card was stolen",
    "有人冒充客服打电话说我的账号在别处被登录了",
    "有个自称客服的说我的钱会被转走",
    "我怕被骗了 这个是不是诈骗",
    "I want to know if I got scammed",
    "补卡后之前被扣走的钱能退吗",
  ])("does not take what a scammer claimed, or a doubt, for a loss: %s", (text) => {
    expect(decide(text).ruleId).not.toBe("scam-loss");
  });

  it.each(["招商银行卡绑不上 转人工", "my chase bank card wont link, i want a real person", "paypal wont link to topay, let me talk to a real person"])(
    "hands %s to a person though it names another company",
    (text) => {
      expect(decide(text)).toMatchObject({ ruleId: "human", action: "handoff" });
    },
  );

  it.each(["my mobile operator didnt receive the top up", "can my friend transfer me to his account"])("does not take %s for a request for a person", (text) => {
    expect(decide(text).ruleId).not.toBe("human");
  });

  it.each(["my xbox account got hacked", "我的京东账号被人盗了", "someone hacked my facebook"])("does not raise an emergency for another company's account: %s", (text) => {
    const decision = decide(text);
    expect(decision.handoff).toBeUndefined();
    expect(decision.ruleId).toBeUndefined();
  });

  it("does not hand a question about reaching another company's staff to ours", () => {
    expect(decide("how do i talk to a real person at paypal").ruleId).not.toBe("human");
  });

  it.each(["how do I avoid getting hacked", "怎么防止账号被盗", "担心以后账号被盗 现在能做点什么", "any tips so my account never gets hacked"])(
    "answers the prevention question %s without an urgent handoff",
    (text) => {
      const decision = decide(text);
      expect(decision.handoff).toBeUndefined();
      expect(decision.topic).not.toBe("security.unauthorized");
    },
  );

  it.each([
    ["你好", "greeting"],
    ["hi there!", "greeting"],
    ["谢谢啦", "thanks"],
    ["thanks so much", "thanks"],
    ["拜拜", "goodbye"],
    ["bye", "goodbye"],
  ])("gives %s a short reply with no topic", (text, ruleId) => {
    expect(decide(text)).toMatchObject({ action: "answer", topic: null, ruleId });
  });

  it("answers the question when a greeting comes with one", () => {
    expect(decide("你好 我付款一直失败")).toMatchObject({ action: "answer", topic: "payment.failed" });
  });

  it("warns a user who sends a card number that staff never ask for it", () => {
    const decision = decide("我的卡号是 4111 1111 1111 1111");
    expect(decision).toMatchObject({ action: "answer", topic: null, ruleId: "secret-shared" });
    expect(decision.replies[0]?.text).toContain("绝不会向你索要");
  });

  it.each(["482913", " 482 913 "])("warns a user who sends nothing but a six-digit code (%s)", (text) => {
    expect(decide(text)).toMatchObject({ action: "answer", topic: null, ruleId: "secret-shared" });
  });

  it("replies in the user's language", () => {
    expect(decide("hello").replies[0]?.text).toMatch(/^Hi!/);
    expect(decide("你好").replies[0]?.text).toMatch(/^你好/);
  });
});
