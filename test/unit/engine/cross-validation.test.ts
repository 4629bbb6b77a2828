import { describe, expect, it } from "vitest";
import { crossValidate } from "../../../src/engine/cross-validation.js";
import type { Example } from "../../../src/engine/knowledge.js";
import { exampleFeatures } from "../../../src/engine/matcher.js";

const QUESTIONS: Record<string, string[]> = {
  "refund.status": ["where is my refund", "refund not arrived yet", "still waiting for my refund", "refund status please", "when will the refund come", "refund missing", "my refund is late", "no refund after a week"],
  "payment.failed": ["payment failed", "card declined", "cannot pay at the shop", "payment error again", "why did my payment fail", "transaction declined", "pay button does nothing", "failed to pay the bill"],
};
const examples: Example[] = Object.entries(QUESTIONS).flatMap(([label, texts]) =>
  texts.map((text, i) => ({ label, text, language: "en" as const, file: `knowledge/faq/${label}.yaml`, line: () => i + 1 })),
);
const features = () => exampleFeatures(examples, (text) => text);

describe("repeated cross-validation", () => {
  it("scores every example once per split, in split-major order", () => {
    const { heldOut } = crossValidate(examples, features(), 3);
    expect(heldOut).toHaveLength(3 * examples.length);
    heldOut.forEach((scored, n) => expect(scored.label).toBe((examples[n % examples.length] as Example).label));
  });

  it("gives the same scores for the same knowledge, and different splits different ones", () => {
    const first = crossValidate(examples, features(), 2).heldOut.map((scored) => [...scored.logits]);
    const again = crossValidate(examples, features(), 2).heldOut.map((scored) => [...scored.logits]);
    expect(again).toEqual(first);
    // A split holds out other examples together, so some example is scored by another model.
    expect(first.slice(0, examples.length)).not.toEqual(first.slice(examples.length));
  });
});
