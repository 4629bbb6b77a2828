import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { crossValidate } from "./cross-validation.js";
import { fingerprintOf, type Knowledge } from "./knowledge.js";
import { TRAINING_DEFAULTS } from "./softmax.js";
import { type ExampleFeatures, rankLogits } from "./matcher.js";
import { chooseThresholds, classificationOf, fitTemperature, type HeldOut, judge } from "./thresholds.js";
import type { Classification } from "./types.js";
import { readYamlFile } from "./yaml-file.js";

const CALIBRATION_FILE = "calibration.yaml";

/**
 * The outcome of cross-validating the example questions: the softmax temperature and the policy
 * thresholds. Cross-validation trains the model once per fold (seconds), so its result is kept in
 * knowledge/calibration.yaml, keyed by a fingerprint of everything it depends on; start-up reuses
 * it and only recomputes when the knowledge changed since.
 */
const calibrationSchema = z.strictObject({
  fingerprint: z.string().min(1),
  temperature: z.number().positive(),
  answer: z.number().min(0).max(1),
  /** `null`: the cheapest policy never clarifies. */
  clarify: z.number().min(0).max(1).nullable(),
  /** What cross-validation measured with these thresholds (shown by kb:check and the README). */
  measured: z.strictObject({
    cost: z.number(),
    accuracy: z.number(),
    wrong: z.number(),
    clarify: z.number(),
    examples: z.number().int(),
  }),
});
export type Calibration = z.infer<typeof calibrationSchema>;

/**
 * What the support lead decides about thresholds: the costs, the clarify cap, the fallback's suggestion, which topics are
 * about money. When these change, thresholds must be chosen again; when only examples or synonyms
 * change, the previous thresholds stay close enough for a running bot until calibration is redone.
 */
export function policyChoices(knowledge: Knowledge): string {
  const categories = [...knowledge.entries.values()].map((entry) => [entry.id, entry.category]);
  return JSON.stringify([knowledge.policy.cost, knowledge.policy.max_clarify_share, knowledge.policy.suggest, categories]);
}

/** Changes whenever anything cross-validation depends on changes. */
function calibrationFingerprint(knowledge: Knowledge): string {
  return fingerprintOf(knowledge, JSON.stringify([policyChoices(knowledge), TRAINING_DEFAULTS]));
}

/** Cross-validates the examples: the temperature and the thresholds with the lowest cost. */
export function calibrate(knowledge: Knowledge, features: ExampleFeatures): Calibration {
  return crossValidated(knowledge, features).calibration;
}

/**
 * The calibration, and how the policy it chose treats each held-out example in the first split
 * (heldOut[i] belongs to knowledge.examples[i]): kb:check reports it per topic; a build does not need it.
 */
export function calibrateWithHeldOut(knowledge: Knowledge, features: ExampleFeatures): { calibration: Calibration; heldOut: Classification[] } {
  const { calibration, labels, scored } = crossValidated(knowledge, features);
  const thresholds = { answer: calibration.answer, clarify: calibration.clarify ?? Infinity, suggest: knowledge.policy.suggest };
  const heldOut = scored.slice(0, knowledge.examples.length).map(({ logits }) => classificationOf(judge(rankLogits(logits, labels, calibration.temperature, 3), thresholds)));
  return { calibration, heldOut };
}

function crossValidated(knowledge: Knowledge, features: ExampleFeatures): { calibration: Calibration; labels: readonly string[]; scored: HeldOut[] } {
  const { labels, heldOut: scored } = crossValidate(knowledge.examples, features);
  const temperature = fitTemperature(scored, labels);
  const choice = chooseThresholds(scored, labels, temperature, knowledge.policy, knowledge.entries);
  const calibration: Calibration = {
    fingerprint: calibrationFingerprint(knowledge),
    temperature,
    answer: choice.answer,
    clarify: Number.isFinite(choice.clarify) ? choice.clarify : null,
    measured: {
      cost: round(choice.cost),
      accuracy: round(choice.accuracy),
      wrong: round(choice.wrong),
      clarify: round(choice.clarifyShare),
      examples: knowledge.examples.length,
    },
  };
  return { calibration, labels, scored };
}

/** The stored calibration, when there is one and it still matches the knowledge. */
export function storedCalibration(dir: string, knowledge: Knowledge): Calibration | undefined {
  const path = join(dir, CALIBRATION_FILE);
  if (!existsSync(path)) return undefined;
  const stored = readYamlFile(path, calibrationSchema).data;
  return stored.fingerprint === calibrationFingerprint(knowledge) ? stored : undefined;
}

export function writeCalibration(dir: string, calibration: Calibration): void {
  const header =
    "# Written by `npm run kb:check -- --calibrate`: cross-validation of the example questions in faq/ and oos/.\n" +
    "# Do not edit by hand; the bot recomputes it when the fingerprint no longer matches the knowledge.\n";
  writeFileSync(join(dir, CALIBRATION_FILE), header + stringify(calibration));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
