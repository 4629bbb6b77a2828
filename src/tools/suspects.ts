import type { Example } from "../engine/knowledge.js";
import { OUT_OF_SCOPE } from "../engine/knowledge.js";
import type { Classification } from "../engine/types.js";

/**
 * Examples that cross-validation answers, past the answer threshold, with another topic: a model
 * trained without them is sure they belong elsewhere. Either the label is wrong, or the question
 * fits two topics and teaches the matcher both (and makes its thresholds more cautious for all).
 * One report line each, for the support lead to relabel, reword or drop.
 */
export function confidentlyElsewhere(examples: readonly Example[], heldOut: readonly Classification[]): string[] {
  const reports: string[] = [];
  examples.forEach((example, i) => {
    const verdict = heldOut[i];
    if (verdict?.action !== "answer" || verdict.topic === null || verdict.topic === example.label) return;
    const label = example.label === OUT_OF_SCOPE ? "out of scope" : example.label;
    reports.push(
      `${example.file}:${example.line() ?? "?"}: questions.${example.language}: "${example.text}" (${label}) reads as ${verdict.topic} (p ${verdict.confidence.toFixed(2)})`,
    );
  });
  return reports;
}
