import { describe, expect, it } from "vitest";
import type { Example } from "../../../src/engine/knowledge.js";
import type { Classification } from "../../../src/engine/types.js";
import { confidentlyElsewhere } from "../../../src/tools/suspects.js";

const example = (label: string, text: string, line: number): Example => ({
  label,
  text,
  language: "en",
  file: label === "OOS" ? "knowledge/oos/near-domain.yaml" : `knowledge/faq/${label}.yaml`,
  line: () => line,
});

describe("examples cross-validation files under another topic", () => {
  it("names the place, the label and the topic it reads as, for in-scope and out-of-scope examples", () => {
    const examples = [
      example("feedback", "support never answers my emails", 40),
      example("OOS", "how do i check my login history", 7),
      example("refund.status", "where is my refund", 3),
    ];
    const heldOut: Classification[] = [
      { action: "answer", topic: "contact.human", confidence: 0.934 },
      { action: "answer", topic: "account.security", confidence: 0.9 },
      { action: "answer", topic: "refund.status", confidence: 0.99 },
    ];
    expect(confidentlyElsewhere(examples, heldOut)).toEqual([
      'knowledge/faq/feedback.yaml:40: questions.en: "support never answers my emails" (feedback) reads as contact.human (p 0.93)',
      'knowledge/oos/near-domain.yaml:7: questions.en: "how do i check my login history" (out of scope) reads as account.security (p 0.90)',
    ]);
  });

  it("leaves out what the policy would not answer: a clarify question or a fallback is no confident mistake", () => {
    const examples = [example("payment.failed", "card declined twice", 1), example("payment.pending", "stuck on processing", 2)];
    const heldOut: Classification[] = [
      { action: "clarify", topic: "payment.pending", confidence: 0.6 },
      { action: "fallback", topic: null, confidence: 0.7 },
    ];
    expect(confidentlyElsewhere(examples, heldOut)).toEqual([]);
  });
});
