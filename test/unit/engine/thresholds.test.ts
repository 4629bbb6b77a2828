import { beforeAll, describe, expect, it } from "vitest";
import { type Knowledge, loadKnowledge, OUT_OF_SCOPE } from "../../../src/engine/knowledge.js";
import { chooseThresholds, type HeldOut } from "../../../src/engine/thresholds.js";
import { KNOWLEDGE_DIR } from "../../support/knowledge.js";

const LABELS = [OUT_OF_SCOPE, "payment.failed", "refund.request", "app.issue"];

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledge(KNOWLEDGE_DIR);
});

/** A held-out example whose model gives these probabilities (softmax of their logarithms, temperature 1). */
function example(label: string, probabilities: Record<string, number>): HeldOut {
  return { label, logits: Float64Array.from(LABELS, (name) => Math.log(probabilities[name] ?? 1e-6)) };
}

/** `right` right answers at p = 0.7, and one question about something else that looks the same. */
function heldOut(runnerUp: string, right = 3): HeldOut[] {
  const ranking = { "payment.failed": 0.7, [runnerUp]: 0.25, [OUT_OF_SCOPE]: 0.05 };
  return [...Array.from({ length: right }, () => example("payment.failed", ranking)), example("refund.request", ranking)];
}

describe("answer thresholds", () => {
  const choose = (examples: HeldOut[], suggest = 1) =>
    chooseThresholds(examples, LABELS, 1, { ...knowledge.policy, max_clarify_share: 0, suggest }, knowledge.entries);

  it("answers at p = 0.7 when the one wrong answer offers the right topic as its first button", () => {
    // Answering: one wrong answer with the right topic a tap away (2) beats four fallbacks (4).
    expect(choose(heldOut("refund.request")).answer).toBeLessThanOrEqual(0.7);
  });

  it("holds back at p = 0.7 when the wrong answer would not offer the right topic", () => {
    // Answering: one plain wrong answer about money (5) costs more than four fallbacks (4).
    expect(choose(heldOut("app.issue")).answer).toBeGreaterThan(0.7);
  });

  it("counts a fallback that offers the right topic as its first button as one tap, not a fallback", () => {
    // Six right answers and one plain wrong one: answering costs 5; falling back without a suggestion 7,
    // with the right topic suggested 6 taps (0.5 each) + 1 = 4.
    expect(choose(heldOut("app.issue", 6)).answer).toBeLessThanOrEqual(0.7);
    expect(choose(heldOut("app.issue", 6), 0.4).answer).toBeGreaterThan(0.7);
  });
});
