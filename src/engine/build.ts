import { type Calibration, calibrate, storedCalibration } from "./calibration.js";
import { FaqEngine } from "./faq-engine.js";
import { type Knowledge, loadKnowledge } from "./knowledge.js";
import { Matcher } from "./matcher.js";
import { Normalizer } from "./normalize.js";
import { RuleSet } from "./rules.js";

/** What a build did, for the start-up log line. */
export interface BuildReport {
  examples: number;
  calibration: Calibration;
  /** False when knowledge/calibration.yaml was stale or missing and cross-validation ran now. */
  calibrationReused: boolean;
  buildMs: number;
}

/**
 * Trains the engine from validated knowledge. Temperature and thresholds come from
 * cross-validation (knowledge/calibration.yaml when it still matches, else computed now).
 */
export function buildEngine(knowledge: Knowledge, stored?: Calibration): { engine: FaqEngine; report: BuildReport } {
  const started = performance.now();
  const normalizer = new Normalizer(knowledge.synonyms);
  const normalize = (text: string) => normalizer.normalize(text);
  const calibration = stored ?? calibrate(knowledge, normalize);
  const matcher = Matcher.train(knowledge.examples, normalize);
  matcher.temperature = calibration.temperature;
  const thresholds = { answer: calibration.answer, clarify: calibration.clarify ?? Infinity };
  const engine = new FaqEngine({ knowledge, normalizer, rules: new RuleSet(knowledge.rules, normalizer), matcher, thresholds });
  return {
    engine,
    report: { examples: knowledge.examples.length, calibration, calibrationReused: stored !== undefined, buildMs: performance.now() - started },
  };
}

/** Loads knowledge/ and builds the engine; throws KnowledgeError on an invalid file. */
export function loadEngine(dir: string): { engine: FaqEngine; report: BuildReport } {
  const knowledge = loadKnowledge(dir);
  return buildEngine(knowledge, storedCalibration(dir, knowledge));
}
