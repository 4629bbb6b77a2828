import { beforeAll, describe, expect, it } from "vitest";
import { type Knowledge, loadKnowledge, OUT_OF_SCOPE } from "../../../src/engine/knowledge.js";
import type { PolicyFile } from "../../../src/engine/knowledge-schema.js";
import { chooseThresholds, type HeldOut } from "../../../src/engine/thresholds.js";
import { KNOWLEDGE_DIR } from "../../support/knowledge.js";

const LABELS = [OUT_OF_SCOPE, "payment.failed", "payment.pending", "refund.request", "app.issue", "security.unauthorized"];

/** The costs these cases are worked out with, whatever policy.yaml says today. */
const COST: PolicyFile["cost"] = { wrong_answer: { money: 5, other: 4, offered: 2 }, money_categories: ["payment", "security"], clarify: 0.5 };

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledge(KNOWLEDGE_DIR);
});

/** A held-out example whose model gives these probabilities (softmax of their logarithms, temperature 1). */
function example(label: string, probabilities: Record<string, number>): HeldOut {
  return { label, logits: Float64Array.from(LABELS, (name) => Math.log(probabilities[name] ?? 1e-6)) };
}

/**
 * `right` questions about `best` answered right at p = 0.7, and one about `gold` that looks the same:
 * answering them all costs that one wrong answer; holding back costs `right` fallbacks and one more.
 */
function heldOut({ best = "payment.failed", runnerUp, gold = "refund.request", right = 3 }: { best?: string; runnerUp: string; gold?: string; right?: number }): HeldOut[] {
  const ranking = { [best]: 0.7, [runnerUp]: 0.25, [OUT_OF_SCOPE]: 0.05 };
  return [...Array.from({ length: right }, () => example(best, ranking)), example(gold, ranking)];
}

describe("answer thresholds", () => {
  const choose = (examples: HeldOut[], suggest = 1) =>
    chooseThresholds(examples, LABELS, 1, { ...knowledge.policy, cost: COST, max_clarify_share: 0, suggest }, knowledge.entries);

  it("answers at p = 0.7 when the one wrong answer offers the right topic as its first button", () => {
    // Answering: one wrong answer with the right topic a tap away (2) beats four fallbacks (4).
    expect(choose(heldOut({ runnerUp: "refund.request" })).answer).toBeLessThanOrEqual(0.7);
  });

  it("holds back at p = 0.7 when the wrong answer would not offer the right topic", () => {
    // Answering: one plain wrong answer about money (5) costs more than four fallbacks (4).
    expect(choose(heldOut({ runnerUp: "app.issue" })).answer).toBeGreaterThan(0.7);
  });

  it("counts a follow-up of the answered topic as offering the right one", () => {
    expect(knowledge.entries.get("payment.failed")?.followups).toContain("payment.pending");
    expect(choose(heldOut({ runnerUp: "app.issue", gold: "payment.pending" })).answer).toBeLessThanOrEqual(0.7);
  });

  it("prices a wrong urgent answer in full: it hands off at once, its buttons would reach the agent", () => {
    expect(knowledge.entries.get("security.unauthorized")?.handoff).toBe("urgent");
    expect(choose(heldOut({ best: "security.unauthorized", runnerUp: "refund.request" })).answer).toBeGreaterThan(0.7);
  });

  it("counts a fallback that offers the right topic as its first button as one tap, not a fallback", () => {
    // Six right answers and one plain wrong one: answering costs 5; falling back without a suggestion 7,
    // with the right topic suggested 6 taps (0.5 each) + 1 = 4.
    expect(choose(heldOut({ runnerUp: "app.issue", right: 6 })).answer).toBeLessThanOrEqual(0.7);
    expect(choose(heldOut({ runnerUp: "app.issue", right: 6 }), 0.4).answer).toBeGreaterThan(0.7);
  });
});
