import type { PolicyFile } from "./knowledge-schema.js";
import { type Candidate, rankLogits } from "./matcher.js";
import { OUT_OF_SCOPE } from "./knowledge.js";

/** How the policy turns the matcher's ranking into answer / clarify / fallback. */
export interface Thresholds {
  /** Answer when the best topic's probability reaches this. */
  answer: number;
  /**
   * Below `answer`, ask which of the two best topics the user means when the second reaches this
   * and the two together reach `answer`. Infinity: never clarify.
   */
  clarify: number;
}

export type Verdict =
  | { action: "answer"; topic: string; confidence: number }
  | { action: "clarify"; topics: [string, string]; confidence: number }
  | { action: "fallback"; confidence: number };

export function judge(ranked: readonly Candidate[], thresholds: Thresholds): Verdict {
  const [best, ...rest] = ranked;
  if (!best || best.label === OUT_OF_SCOPE) return { action: "fallback", confidence: best?.probability ?? 1 };
  if (best.probability >= thresholds.answer) return { action: "answer", topic: best.label, confidence: best.probability };
  const second = rest.find((candidate) => candidate.label !== OUT_OF_SCOPE);
  if (second && second.probability >= thresholds.clarify && best.probability + second.probability >= thresholds.answer) {
    return { action: "clarify", topics: [best.label, second.label], confidence: best.probability };
  }
  // The chance that none of the topics is meant: what the fallback is sure of.
  return { action: "fallback", confidence: 1 - best.probability };
}

/** One held-out example: its gold label and the raw scores of a model that never saw it. */
export interface HeldOut {
  label: string;
  logits: Float64Array;
}

const TEMPERATURES = range(0.5, 3, 0.05);
const ANSWER_GRID = range(0.2, 0.95, 0.025);
const CLARIFY_GRID = [...range(0.1, 0.45, 0.05), Infinity];

/** The temperature that makes held-out probabilities honest (lowest negative log-likelihood). */
export function fitTemperature(heldOut: readonly HeldOut[], labels: readonly string[]): number {
  let best = { temperature: 1, loss: Infinity };
  for (const temperature of TEMPERATURES) {
    let loss = 0;
    for (const { label, logits } of heldOut) {
      const ranked = rankLogits(logits, labels, temperature);
      loss -= Math.log(Math.max(1e-12, ranked.find((candidate) => candidate.label === label)?.probability ?? 0));
    }
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}

export interface ThresholdChoice extends Thresholds {
  /** Mean cost per held-out question, in fallbacks. */
  cost: number;
  /** Share of in-scope questions answered with their topic. */
  accuracy: number;
  /** Share of all questions answered with a wrong topic (out of scope answered included). */
  wrong: number;
  clarifyShare: number;
}

/**
 * The thresholds that minimise the policy's cost on held-out examples, with clarify questions
 * capped at `max_clarify_share`. A wrong answer costs `cost.wrong_answer` fallbacks, a clarify
 * `cost.clarify` when it offers the right topic (a fallback when it does not).
 */
export function chooseThresholds(heldOut: readonly HeldOut[], labels: readonly string[], temperature: number, policy: PolicyFile): ThresholdChoice {
  const ranked = heldOut.map(({ label, logits }) => ({ label, ranked: rankLogits(logits, labels, temperature) }));
  const total = Math.max(1, ranked.length);
  const inScope = Math.max(1, ranked.filter((example) => example.label !== OUT_OF_SCOPE).length);
  let best: ThresholdChoice = { answer: 1, clarify: Infinity, cost: Infinity, accuracy: 0, wrong: 0, clarifyShare: 0 };
  for (const answer of ANSWER_GRID) {
    for (const clarify of CLARIFY_GRID) {
      let cost = 0;
      let clarifies = 0;
      let right = 0;
      let wrong = 0;
      for (const example of ranked) {
        const verdict = judge(example.ranked, { answer, clarify });
        cost += costOf(verdict, example.label, policy);
        if (verdict.action === "clarify") clarifies++;
        if (verdict.action === "answer") verdict.topic === example.label ? right++ : wrong++;
      }
      const clarifyShare = clarifies / total;
      if (clarifyShare <= policy.max_clarify_share && cost / total < best.cost - 1e-9) {
        best = { answer, clarify, cost: cost / total, accuracy: right / inScope, wrong: wrong / total, clarifyShare };
      }
    }
  }
  return best;
}

function costOf(verdict: Verdict, gold: string, policy: PolicyFile): number {
  const inScope = gold !== OUT_OF_SCOPE;
  switch (verdict.action) {
    case "answer":
      return verdict.topic === gold ? 0 : policy.cost.wrong_answer;
    case "clarify":
      return verdict.topics.includes(gold) ? policy.cost.clarify : 1;
    case "fallback":
      return inScope ? 1 : 0;
  }
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to + 1e-9; value += step) values.push(Math.round(value * 1000) / 1000);
  return values;
}
