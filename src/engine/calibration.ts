import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { errorCode } from "../errors.js";
import { crossValidate, RUNTIME_SPLITS, STORED_SPLITS } from "./cross-validation.js";
import { CALIBRATION_SOURCES, sourceHash } from "./engine-source.js";
import { fingerprintOf, type Knowledge, shortHash } from "./knowledge.js";
import { TRAINING_DEFAULTS } from "./softmax.js";
import { type ExampleFeatures, rankLogits } from "./matcher.js";
import { chooseThresholds, classificationOf, fitTemperature, type HeldOut, judge, type Thresholds } from "./thresholds.js";
import type { Classification } from "./types.js";
import { readYamlFile } from "./yaml-file.js";

const CALIBRATION_FILE = "calibration.yaml";

/**
 * The outcome of cross-validating the example questions: the softmax temperature and the policy
 * thresholds. Cross-validation trains the model once per fold and split (seconds), so its result is
 * kept in knowledge/calibration.yaml, keyed by a fingerprint of everything it depends on; a build
 * reuses it, also after an edit of the examples, and cross-validates itself only when the file is
 * missing or was chosen under another policy (see storedCalibration).
 */
const calibrationSchema = z.strictObject({
  fingerprint: z.string().min(1),
  /** Of the policy choices and training options alone (absent in files written before it existed). */
  policy: z.string().min(1).optional(),
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
 * What the support lead decides about thresholds: the costs, the clarify cap, the fallback's
 * suggestion, the topics and which of them are about money; and the training options. When these
 * change, thresholds must be chosen again; when only examples or synonyms change, the thresholds
 * chosen before stay close enough to serve with (at start-up and on a reload) until calibration is redone.
 */
function policyChoices(knowledge: Knowledge): string {
  const categories = [...knowledge.entries.values()].map((entry) => [entry.id, entry.category]);
  return JSON.stringify([knowledge.policy.cost, knowledge.policy.max_clarify_share, knowledge.policy.suggest, categories, TRAINING_DEFAULTS]);
}

/**
 * Changes whenever anything cross-validation depends on changes, the engine's code included: after an
 * edit of the features, kb:check says calibration.yaml is stale, where it used to pass on thresholds
 * chosen for other features. Unreadable source makes it stale too (its thresholds still serve).
 */
function calibrationFingerprint(knowledge: Knowledge): string {
  let code: string;
  try {
    code = sourceHash(CALIBRATION_SOURCES);
  } catch (error) {
    code = `unreadable: ${errorCode(error)}`;
  }
  return fingerprintOf(knowledge, policyChoices(knowledge) + code);
}

/** Changes when the thresholds must be chosen again, whatever the examples (training options included). */
function policyFingerprint(knowledge: Knowledge): string {
  return shortHash(policyChoices(knowledge));
}

/** Whether `calibration` was chosen under this knowledge's policy: then it serves until calibration is redone. */
export function chosenUnderPolicyOf(calibration: Calibration, knowledge: Knowledge): boolean {
  return calibration.policy === policyFingerprint(knowledge);
}

/** The policy's thresholds from a calibration. */
export function thresholdsOf(calibration: Calibration, knowledge: Knowledge): Thresholds {
  return { answer: calibration.answer, clarify: calibration.clarify ?? Infinity, suggest: knowledge.policy.suggest };
}

/**
 * Cross-validates the examples on one split: the temperature and the thresholds with the lowest cost,
 * for a running bot that must choose them itself (see RUNTIME_SPLITS).
 */
export function calibrate(knowledge: Knowledge, features: ExampleFeatures): Calibration {
  return crossValidated(knowledge, features, RUNTIME_SPLITS).calibration;
}

/**
 * The calibration kb:check stores (STORED_SPLITS splits), and how the policy it chose treats each
 * held-out example in each split (heldOut[s * N + i] belongs to knowledge.examples[i]): kb:check
 * reports them per topic; a build does not need them.
 */
export function calibrateWithHeldOut(knowledge: Knowledge, features: ExampleFeatures): { calibration: Calibration; heldOut: Classification[] } {
  const { calibration, labels, scored } = crossValidated(knowledge, features, STORED_SPLITS);
  const thresholds = thresholdsOf(calibration, knowledge);
  const heldOut = scored.map(({ logits }) => classificationOf(judge(rankLogits(logits, labels, calibration.temperature, 3), thresholds)));
  return { calibration, heldOut };
}

function crossValidated(knowledge: Knowledge, features: ExampleFeatures, splits: number): { calibration: Calibration; labels: readonly string[]; scored: HeldOut[] } {
  const { labels, heldOut: scored } = crossValidate(knowledge.examples, features, splits);
  const temperature = fitTemperature(scored, labels);
  const choice = chooseThresholds(scored, labels, temperature, knowledge.policy, knowledge.entries);
  const calibration: Calibration = {
    fingerprint: calibrationFingerprint(knowledge),
    policy: policyFingerprint(knowledge),
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

/**
 * knowledge/calibration.yaml as it applies to this knowledge: `current` when chosen for exactly these
 * examples and synonyms; `earlier` when chosen for other examples under the same policy, which stays
 * close enough to serve with until calibration is redone (cross-validating first would keep a
 * start-up from answering for seconds); undefined when missing or chosen under another policy.
 */
export function storedCalibration(dir: string, knowledge: Knowledge): { calibration: Calibration; fit: "current" | "earlier" } | undefined {
  const path = join(dir, CALIBRATION_FILE);
  if (!existsSync(path)) return undefined;
  const calibration = readYamlFile(path, calibrationSchema).data;
  if (calibration.fingerprint === calibrationFingerprint(knowledge)) return { calibration, fit: "current" };
  return chosenUnderPolicyOf(calibration, knowledge) ? { calibration, fit: "earlier" } : undefined;
}

export function writeCalibration(dir: string, calibration: Calibration): void {
  const header =
    "# Written by `npm run kb:check -- --calibrate`: cross-validation of the example questions in faq/ and oos/.\n" +
    "# Do not edit by hand. After an edit of the examples the bot keeps using it until it is rewritten; after an edit of the policy (costs,\n" +
    "# clarify cap, suggest, topics or their categories) the bot chooses thresholds itself on one split, which takes seconds.\n";
  writeFileSync(join(dir, CALIBRATION_FILE), header + stringify(calibration));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
