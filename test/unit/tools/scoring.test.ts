import { describe, expect, it } from "vitest";
import type { Classification } from "../../../src/engine/types.js";
import type { EvalRow } from "../../../src/tools/eval-set.js";
import { headline, score } from "../../../src/tools/scoring.js";

/** `right` of `total` in-scope questions answered with their topic, the rest fallen back. */
function scored(right: number, total: number) {
  const rows: EvalRow[] = Array.from({ length: total }, (_, i) => ({ id: String(i), lang: "en", text: `q${i}`, topic: "refund.status" }));
  const results: Classification[] = rows.map((_, i) =>
    i < right ? { action: "answer", topic: "refund.status", confidence: 0.9 } : { action: "fallback", topic: null, confidence: 0.6 },
  );
  return headline(score(rows, results));
}

describe("the eval's headline", () => {
  it("does not round an accuracy one question short of 95% up to 95%", () => {
    expect(scored(997, 1050)).toMatch(/^in-scope accuracy 94\.95% \(997\/1050\) \|/);
    expect(scored(998, 1050)).toMatch(/^in-scope accuracy 95\.05% \(998\/1050\) \|/);
  });
});
