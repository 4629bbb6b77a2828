import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/engine/knowledge.js";
import { readEvalSet } from "../../../src/tools/eval-set.js";

/** Case, spaces and punctuation do not make a question new. */
const key = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}_]+/gu, "");

describe("the eval set stays held out", () => {
  it("shares no question with the knowledge base's examples", () => {
    const examples = new Map(loadKnowledge("knowledge").examples.map((example) => [key(example.text), example]));
    const leaked = readEvalSet()
      .filter((row) => examples.has(key(row.text)))
      .map((row) => `${row.id} "${row.text}" is also in ${examples.get(key(row.text))?.file}`);
    expect(leaked).toEqual([]);
  });

  it("has at least 30 questions per topic per language and at least 25% out of scope", () => {
    const rows = readEvalSet();
    for (const language of ["zh", "en"] as const) {
      const mine = rows.filter((row) => row.lang === language);
      const perTopic = new Map<string, number>();
      for (const row of mine) perTopic.set(row.topic, (perTopic.get(row.topic) ?? 0) + 1);
      const topics = [...loadKnowledge("knowledge").entries.keys()];
      for (const topic of topics) expect(perTopic.get(topic) ?? 0, `${language} ${topic}`).toBeGreaterThanOrEqual(30);
      expect((perTopic.get("OOS") ?? 0) / mine.length, `${language} OOS share`).toBeGreaterThanOrEqual(0.25);
    }
  });
});
