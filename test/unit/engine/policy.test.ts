import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/conversation/model.js";
import { FaqEngine } from "../../../src/engine/faq-engine.js";
import { type Knowledge, loadKnowledge, OUT_OF_SCOPE } from "../../../src/engine/knowledge.js";
import type { Candidate } from "../../../src/engine/matcher.js";
import { Normalizer } from "../../../src/engine/normalize.js";
import { RuleSet } from "../../../src/engine/rules.js";
import type { EngineInput } from "../../../src/engine/types.js";
import { KNOWLEDGE_DIR } from "../../support/knowledge.js";

const DM: ConversationRef = { platform: "telegram", chatId: "42", kind: "dm" };
const COMMENT: ConversationRef = { platform: "telegram", chatId: "-100", kind: "comment" };
const THRESHOLDS = { answer: 0.8, clarify: 0.25, suggest: 0.4 };

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledge(KNOWLEDGE_DIR);
});

/** The real policy, rules and knowledge, with a matcher that ranks as the test says. */
function engineRanking(...ranking: [string, number][]): FaqEngine {
  const normalizer = new Normalizer(knowledge.synonyms);
  const candidates: Candidate[] = ranking.map(([label, probability]) => ({ label, probability }));
  return new FaqEngine({ knowledge, normalizer, rules: new RuleSet(knowledge.rules, normalizer), matcher: { rank: () => candidates }, thresholds: THRESHOLDS });
}

function input(text: string, overrides: Partial<EngineInput> & { misses?: number; lastTopic?: string; ref?: ConversationRef } = {}): EngineInput {
  return {
    text,
    language: overrides.language ?? "zh",
    ...(overrides.action ? { action: overrides.action } : {}),
    conversation: { consecutiveMisses: overrides.misses ?? 0, lastTopic: overrides.lastTopic ?? null, ref: overrides.ref ?? DM },
  };
}

describe("policy", () => {
  it("answers a confident match with the entry's answer, its follow-ups and a talk-to-a-person button", () => {
    const decision = engineRanking(["refund.status", 0.93], ["refund.request", 0.04]).decide(input("退款怎么还没到"));
    expect(decision).toMatchObject({ action: "answer", topic: "refund.status", confidence: 0.93 });
    expect(decision.replies[0]?.text).toContain("退款");
    expect(decision.replies[0]?.buttons).toEqual([
      { id: "topic:refund.request", label: "申请退款" },
      { id: "topic:billing.history", label: knowledge.entries.get("billing.history")?.title.zh },
      { id: "handoff", label: "转人工客服" },
    ]);
  });

  it("offers the matcher's runner-up topic as the first button under its answer", () => {
    const decision = engineRanking(["payment.failed", 0.85], [OUT_OF_SCOPE, 0.1], ["refund.request", 0.05]).decide(input("钱付不出去", { language: "en" }));
    expect(decision).toMatchObject({ action: "answer", topic: "payment.failed" });
    expect(decision.replies[0]?.buttons.map((button) => button.id)).toEqual([
      "topic:refund.request",
      ...(knowledge.entries.get("payment.failed")?.followups ?? []).map((id) => `topic:${id}`),
    ]);
    expect(decision.replies[0]?.buttons[0]?.label).toBe(knowledge.entries.get("refund.request")?.title.en);
  });

  it("asks which one the user means when two topics are close", () => {
    const decision = engineRanking(["refund.status", 0.5], ["refund.request", 0.4], [OUT_OF_SCOPE, 0.1]).decide(input("退款的事", { language: "en" }));
    expect(decision).toMatchObject({ action: "clarify", topic: "refund.status" });
    expect(decision.replies[0]?.buttons.map((button) => button.id)).toEqual(["topic:refund.status", "topic:refund.request"]);
    expect(decision.replies[0]?.text).toMatch(/which/);
  });

  it("falls back with what the bot can help with when nothing matches well", () => {
    const decision = engineRanking([OUT_OF_SCOPE, 0.7], ["promotions", 0.2]).decide(input("今天天气怎么样"));
    expect(decision).toMatchObject({ action: "fallback", topic: null });
    expect(decision.replies[0]?.buttons.map((button) => button.id)).toEqual(knowledge.policy.menu.map((id) => `topic:${id}`));
    expect(decision.handoff).toBeUndefined();
  });

  it("offers the likeliest topic first in the fallback when it is neither confident nor unlikely", () => {
    const decision = engineRanking(["payment.failed", 0.55], [OUT_OF_SCOPE, 0.3], ["payment.pending", 0.1]).decide(input("刷不了"));
    expect(decision).toMatchObject({ action: "fallback", topic: null });
    const ids = decision.replies[0]?.buttons.map((button) => button.id);
    expect(ids?.[0]).toBe("topic:payment.failed");
    expect(ids?.filter((id) => id === "topic:payment.failed")).toHaveLength(1);
  });

  it.each([
    ["an unlikely topic", [["payment.failed", 0.3], [OUT_OF_SCOPE, 0.25]]],
    ["out of scope ranked first", [[OUT_OF_SCOPE, 0.5], ["payment.failed", 0.45]]],
  ] as [string, [string, number][]][])("offers no topic first for %s", (_case, ranking) => {
    const decision = engineRanking(...ranking).decide(input("嗯?"));
    expect(decision.replies[0]?.buttons.map((button) => button.id)).toEqual(knowledge.policy.menu.map((id) => `topic:${id}`));
  });

  it("hands a second miss in a row to a person", () => {
    const decision = engineRanking([OUT_OF_SCOPE, 0.7]).decide(input("比特币怎么买", { misses: 1 }));
    expect(decision).toMatchObject({ action: "handoff", topic: null, handoff: { reason: "repeated_fallback", priority: "normal" } });
  });

  it.each(["没用", "还是没解决", "that didn't help"])("hands %s to a person, with the topic that did not help", (text) => {
    const decision = engineRanking(["payment.failed", 0.95]).decide(input(text, { lastTopic: "payment.failed" }));
    expect(decision).toMatchObject({ action: "handoff", topic: "payment.failed", handoff: { reason: "not_helpful", priority: "normal" } });
  });

  it("answers an urgent entry and hands off at once with urgent priority, with no buttons that would only reach the agent", () => {
    const decision = engineRanking(["security.unauthorized", 0.9], ["billing.history", 0.08]).decide(input("账户里多了几笔奇怪的消费"));
    expect(decision).toMatchObject({ action: "handoff", topic: "security.unauthorized", handoff: { reason: "urgent_security", priority: "urgent" } });
    expect(decision.replies[0]?.buttons).toEqual([]);
    expect(decision.replies[0]?.text).toContain("冻结");
  });

  it("gives the public answer in a public comment and asks to move to private for an account-specific entry", () => {
    const decision = engineRanking(["refund.status", 0.95]).decide(input("退款怎么还没到", { ref: COMMENT }));
    expect(decision).toMatchObject({ action: "answer", topic: "refund.status", moveToPrivate: true });
    expect(decision.replies[0]?.text).toBe(knowledge.entries.get("refund.status")?.public_answer?.zh);
    expect(decision.replies[0]?.buttons.some((button) => button.id === "handoff")).toBe(false);
  });

  it("answers a general entry in full in a public comment", () => {
    const decision = engineRanking(["app.install", 0.95]).decide(input("在哪下载", { ref: COMMENT }));
    expect(decision.moveToPrivate).toBeUndefined();
    expect(decision.replies[0]?.text).toBe(knowledge.entries.get("app.install")?.answer.zh);
  });

  describe("buttons", () => {
    it("answers a topic button with that entry", () => {
      const decision = engineRanking([OUT_OF_SCOPE, 1]).decide(input("", { action: "topic:app.install", language: "en" }));
      expect(decision).toMatchObject({ action: "answer", topic: "app.install", confidence: 1 });
      expect(decision.replies[0]?.text).toBe(knowledge.entries.get("app.install")?.answer.en);
    });

    it("hands off on the talk-to-a-person button", () => {
      const decision = engineRanking([OUT_OF_SCOPE, 1]).decide(input("", { action: "handoff", lastTopic: "refund.status" }));
      expect(decision).toMatchObject({ action: "handoff", topic: "refund.status", handoff: { reason: "requested", priority: "normal" } });
    });

    it.each(["help", "topic:no.such.topic", "something-old"])("shows the help menu for %s", (action) => {
      const decision = engineRanking([OUT_OF_SCOPE, 1]).decide(input("", { action }));
      expect(decision).toMatchObject({ action: "answer", topic: null });
      expect(decision.replies[0]?.text).toBe(knowledge.policy.replies.help.zh);
    });
  });
});
