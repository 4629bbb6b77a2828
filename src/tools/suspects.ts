import type { Example } from "../engine/knowledge.js";
import { OUT_OF_SCOPE } from "../engine/knowledge.js";
import type { Classification } from "../engine/types.js";

/**
 * Examples that cross-validation answers, past the answer threshold, with another topic in most of its
 * splits (heldOut[s * examples.length + i] is examples[i] in split s): models trained without them are
 * sure they belong elsewhere, whichever examples they were trained with. Either the label is wrong, or
 * the question fits two topics and teaches the matcher both (and makes its thresholds more cautious
 * for all). One report line each, for the support lead to relabel, reword or drop.
 */
export function confidentlyElsewhere(examples: readonly Example[], heldOut: readonly Classification[]): string[] {
  const splits = heldOut.length / Math.max(1, examples.length);
  const reports: string[] = [];
  examples.forEach((example, i) => {
    // Per topic it was answered with instead: how often, and the highest probability.
    const elsewhere = new Map<string, { count: number; confidence: number }>();
    let answeredElsewhere = 0;
    for (let split = 0; split < splits; split++) {
      const verdict = heldOut[split * examples.length + i];
      if (verdict?.action !== "answer" || verdict.topic === example.label) continue;
      const seen = elsewhere.get(String(verdict.topic)) ?? { count: 0, confidence: 0 };
      elsewhere.set(String(verdict.topic), { count: seen.count + 1, confidence: Math.max(seen.confidence, verdict.confidence) });
      answeredElsewhere++;
    }
    if (answeredElsewhere * 2 <= splits) return;
    const [topic, { count, confidence }] = [...elsewhere].sort((a, b) => b[1].count - a[1].count)[0] as [string, { count: number; confidence: number }];
    const label = example.label === OUT_OF_SCOPE ? "out of scope" : example.label;
    const others = answeredElsewhere > count ? `, as other topics in ${answeredElsewhere - count}` : "";
    reports.push(
      `${example.file}:${example.line() ?? "?"}: questions.${example.language}: "${example.text}" (${label}) reads as ${topic} ` +
        `in ${count} of ${splits} splits${others} (p up to ${confidence.toFixed(2)})`,
    );
  });
  return reports;
}
