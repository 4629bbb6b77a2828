import { describe, expect, it } from "vitest";
import type { Example } from "../../../src/engine/knowledge.js";
import { Normalizer } from "../../../src/engine/normalize.js";
import { findDuplicates } from "../../../src/tools/duplicates.js";

const example = (label: string, text: string, line: number): Example => ({ label, text, language: "zh", file: `knowledge/faq/${label}.yaml`, line: () => line });

describe("duplicate example questions", () => {
  const normalizer = new Normalizer({ 退款: ["退钱"] });
  const normalize = (text: string) => normalizer.normalize(text);

  it("reports one question written under two topics, naming both places", () => {
    const reports = findDuplicates([example("refund.status", "退款怎麼還沒到", 12), example("refund.request", "退钱怎么还没到", 30)], normalize);
    expect(reports).toEqual([
      'knowledge/faq/refund.request.yaml:30: questions.zh: "退钱怎么还没到" is also an example of refund.status (knowledge/faq/refund.status.yaml:12)',
    ]);
  });

  it("lets a topic repeat its own question", () => {
    expect(findDuplicates([example("refund.status", "退款没到", 1), example("refund.status", "退款没到", 2)], normalize)).toEqual([]);
  });
});
