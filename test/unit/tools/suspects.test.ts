import { describe, expect, it } from "vitest";
import { type Example, OUT_OF_SCOPE } from "../../../src/engine/knowledge.js";
import type { Classification } from "../../../src/engine/types.js";
import { confidentlyElsewhere } from "../../../src/tools/suspects.js";

const example = (label: string, text: string, line: number): Example => ({
  label,
  text,
  language: "en",
  file: label === OUT_OF_SCOPE ? "knowledge/oos/near-domain.yaml" : `knowledge/faq/${label}.yaml`,
  line: () => line,
});

const answer = (topic: string, confidence: number): Classification => ({ action: "answer", topic, confidence });

describe("examples cross-validation files under another topic", () => {
  const examples = [
    example("feedback", "support never answers my emails", 40),
    example(OUT_OF_SCOPE, "how do i check my login history", 7),
    example("refund.status", "where is my refund", 3),
    example("payment.failed", "card declined twice", 12),
  ];

  it("names the place, the label, the topic it reads as and in how many splits, when that is most of them", () => {
    // heldOut[s * 4 + i]: example i in split s, three splits.
    const heldOut: Classification[] = [
      answer("contact.human", 0.934), answer("account.security", 0.9), answer("refund.status", 0.99), answer("payment.pending", 0.9),
      answer("contact.human", 0.88), answer("account.security", 0.95), answer("refund.status", 0.98), answer("payment.failed", 0.9),
      answer("feedback", 0.9), answer("account.security", 0.87), answer("refund.status", 0.97), answer("payment.failed", 0.95),
    ];
    expect(confidentlyElsewhere(examples, heldOut)).toEqual([
      'knowledge/faq/feedback.yaml:40: questions.en: "support never answers my emails" (feedback) reads as contact.human in 2 of 3 splits (p up to 0.93)',
      'knowledge/oos/near-domain.yaml:7: questions.en: "how do i check my login history" (out of scope) reads as account.security in 3 of 3 splits (p up to 0.95)',
    ]);
  });

  it("counts the splits of the topic it names apart from those of other topics, and gives that topic's highest p", () => {
    const heldOut: Classification[] = [
      answer("contact.human", 0.9), answer("OOS", 0.9), answer("refund.status", 0.99), answer("payment.failed", 0.9),
      answer("promotions", 0.99), answer("OOS", 0.9), answer("refund.status", 0.98), answer("payment.failed", 0.9),
      answer("contact.human", 0.95), answer("OOS", 0.9), answer("refund.status", 0.97), answer("payment.failed", 0.95),
    ];
    expect(confidentlyElsewhere(examples, heldOut)).toEqual([
      'knowledge/faq/feedback.yaml:40: questions.en: "support never answers my emails" (feedback) reads as contact.human in 2 of 3 splits, as other topics in 1 (p up to 0.95)',
    ]);
  });

  it("leaves out what the policy would not answer: a clarify question or a fallback is no confident mistake", () => {
    const heldOut: Classification[] = examples.map((_, i) =>
      i % 2 === 0 ? { action: "clarify", topic: "payment.pending", confidence: 0.6 } : { action: "fallback", topic: null, confidence: 0.7 },
    );
    expect(confidentlyElsewhere(examples, heldOut)).toEqual([]);
  });
});
