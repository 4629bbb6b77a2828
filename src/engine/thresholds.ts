import type { FaqEntry, PolicyFile } from "./knowledge-schema.js";
import { type Candidate, rankLogits } from "./matcher.js";
import { OUT_OF_SCOPE } from "./knowledge.js";
import { offeredTopics } from "./replies.js";
import type { Classification } from "./types.js";

/** How the policy turns the matcher's ranking into answer / clarify / fallback. */
export interface Thresholds {
  /**
   * Answer when the best topic's probability reaches this. One for all topics: thresholds per topic,
   * chosen on half of the held-out examples, cost more than this one on the other half (0.281 vs
   * 0.266): with a few hundred examples a topic, they fit noise.
   */
  answer: number;
  /**
   * Below `answer`, ask which of the two best topics the user means when the second reaches this
   * and the two together reach `answer`. Infinity: never clarify.
   */
  clarify: number;
  /** A fallback offers its best topic as the first button when that reaches this (policy.yaml `suggest`). */
  suggest: number;
}

export type Verdict =
  /** `runnerUp`: the next likeliest topic, offered as a button under the answer. */
  | { action: "answer"; topic: string; runnerUp: string | null; confidence: number }
  | { action: "clarify"; topics: [string, string]; confidence: number }
  /** `suggestion`: the topic offered as the fallback's first button. */
  | { action: "fallback"; suggestion: string | null; confidence: number };

export function judge(ranked: readonly Candidate[], thresholds: Thresholds): Verdict {
  const best = ranked[0];
  if (!best || best.label === OUT_OF_SCOPE) return { action: "fallback", suggestion: null, confidence: best?.probability ?? 1 };
  let second: Candidate | undefined;
  for (let i = 1; i < ranked.length && !second; i++) if ((ranked[i] as Candidate).label !== OUT_OF_SCOPE) second = ranked[i];
  if (best.probability >= thresholds.answer) return { action: "answer", topic: best.label, runnerUp: second?.label ?? null, confidence: best.probability };
  if (second && second.probability >= thresholds.clarify && best.probability + second.probability >= thresholds.answer) {
    return { action: "clarify", topics: [best.label, second.label], confidence: best.probability };
  }
  // The chance that none of the topics is meant: what the fallback is sure of.
  return { action: "fallback", suggestion: best.probability >= thresholds.suggest ? best.label : null, confidence: 1 - best.probability };
}

/** A verdict as classify prints it (FORMAT.md): the first topic offered when clarifying, none on a fallback. */
export function classificationOf(verdict: Verdict): Classification {
  switch (verdict.action) {
    case "answer":
      return { action: "answer", topic: verdict.topic, confidence: verdict.confidence };
    case "clarify":
      return { action: "clarify", topic: verdict.topics[0], confidence: verdict.confidence };
    case "fallback":
      return { action: "fallback", topic: null, confidence: verdict.confidence };
  }
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
 * The thresholds that minimise the policy's cost (see costModel) on held-out examples, with clarify
 * questions capped at `max_clarify_share`.
 */
export function chooseThresholds(
  heldOut: readonly HeldOut[],
  labels: readonly string[],
  temperature: number,
  policy: PolicyFile,
  entries: ReadonlyMap<string, FaqEntry>,
): ThresholdChoice {
  const costs = costModel(policy, entries);
  const ranked = heldOut.map(({ label, logits }) => ({ label, ranked: rankLogits(logits, labels, temperature, 3) }));
  const { suggest } = policy;
  let best = evaluate(ranked, { answer: 1, clarify: Infinity, suggest }, costs);
  for (const answer of ANSWER_GRID) {
    for (const clarify of CLARIFY_GRID) {
      const choice = evaluate(ranked, { answer, clarify, suggest }, costs);
      if (choice.clarifyShare <= policy.max_clarify_share && choice.cost < best.cost - 1e-9) best = choice;
    }
  }
  return best;
}

function evaluate(ranked: readonly { label: string; ranked: Candidate[] }[], thresholds: Thresholds, costs: CostModel): ThresholdChoice {
  const total = Math.max(1, ranked.length);
  const inScope = Math.max(1, ranked.filter((example) => example.label !== OUT_OF_SCOPE).length);
  let cost = 0;
  let clarifies = 0;
  let right = 0;
  let wrong = 0;
  for (const example of ranked) {
    const verdict = judge(example.ranked, thresholds);
    cost += costs(verdict, example.label);
    if (verdict.action === "clarify") clarifies++;
    if (verdict.action === "answer") verdict.topic === example.label ? right++ : wrong++;
  }
  return { ...thresholds, cost: cost / total, accuracy: right / inScope, wrong: wrong / total, clarifyShare: clarifies / total };
}

/** What a verdict costs when the user meant `gold`, in fallbacks. */
type CostModel = (verdict: Verdict, gold: string) => number;

/**
 * A wrong answer to a question about money (or to one we do not cover at all, which is often about
 * money: transfers, fees, loans) costs `wrong_answer.money`; to any other question `wrong_answer.other`;
 * `wrong_answer.offered` (never more) when the right topic is one of its buttons (offeredTopics), one
 * tap away. A clarify, or a fallback whose suggestion is the right topic, costs a tap (`clarify`); any
 * other fallback 1. Only buttons chosen for the message count: the fallback's fixed menu is the same
 * for every question. Each example counts as a first message: a second miss in a row hands off instead.
 */
function costModel(policy: PolicyFile, entries: ReadonlyMap<string, FaqEntry>): CostModel {
  const { wrong_answer, money_categories, clarify } = policy.cost;
  const wrongCost = (verdict: Extract<Verdict, { action: "answer" }>, gold: string) => {
    const category = entries.get(gold)?.category;
    const plain = category === undefined || money_categories.includes(category) ? wrong_answer.money : wrong_answer.other;
    const answered = entries.get(verdict.topic);
    return answered && offeredTopics(answered, verdict.runnerUp).includes(gold) ? Math.min(wrong_answer.offered, plain) : plain;
  };
  return (verdict, gold) => {
    switch (verdict.action) {
      case "answer":
        return verdict.topic === gold ? 0 : wrongCost(verdict, gold);
      case "clarify":
        return verdict.topics.includes(gold) ? clarify : 1;
      case "fallback":
        return gold === OUT_OF_SCOPE ? 0 : verdict.suggestion === gold ? clarify : 1;
    }
  };
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to + 1e-9; value += step) values.push(Math.round(value * 1000) / 1000);
  return values;
}
