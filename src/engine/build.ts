import { type Calibration, calibrate, chosenUnderPolicyOf, storedCalibration, thresholdsOf } from "./calibration.js";
import { FaqEngine } from "./faq-engine.js";
import { type Knowledge, loadKnowledge } from "./knowledge.js";
import { type ExampleFeatures, exampleFeatures, Matcher } from "./matcher.js";
import { cachedMatcher, DEFAULT_MODEL_CACHE, type MatcherSource } from "./model-cache.js";
import { Normalizer } from "./normalize.js";
import { RuleSet } from "./rules.js";

/**
 * Where a build's temperature and thresholds came from: knowledge/calibration.yaml (`stored`), the
 * engine it replaces (`previous`: calibration.yaml is stale after an edit), calibration.yaml chosen
 * for earlier examples under the same policy (`stale`: a start-up after an edit), or cross-validation now.
 */
export type CalibrationSource = "stored" | "previous" | "stale" | "computed";

/** What a build did, for the start-up log line. */
export interface BuildReport extends MatcherSource {
  examples: number;
  calibration: Calibration;
  source: CalibrationSource;
  buildMs: number;
}

/** Where the trained matcher is cached between starts (see model-cache.ts): default DEFAULT_MODEL_CACHE; null: train every time. */
export interface BuildOptions {
  modelCache?: string | null;
}

/**
 * Trains the engine from validated knowledge (or takes the matcher from the model cache).
 * Temperature and thresholds come from cross-validation: the calibration given, else computed now.
 */
function buildEngine(
  knowledge: Knowledge,
  known?: { calibration: Calibration; source: Exclude<CalibrationSource, "computed"> },
  options: BuildOptions = {},
): { engine: FaqEngine; report: BuildReport } {
  const started = performance.now();
  const normalizer = new Normalizer(knowledge.synonyms);
  const normalize = (text: string) => normalizer.normalize(text);
  let extracted: ExampleFeatures | undefined;
  // Cross-validation and training read the same features: extracted once, and only if one of them runs.
  const features = () => (extracted ??= exampleFeatures(knowledge.examples, normalize));
  const calibration = known?.calibration ?? calibrate(knowledge, features());
  const train = () => Matcher.train(knowledge.examples, features());
  const { matcher, ...matcherSource } = cachedMatcher(knowledge, train, options.modelCache === undefined ? DEFAULT_MODEL_CACHE : options.modelCache);
  matcher.temperature = calibration.temperature;
  const engine = new FaqEngine({ knowledge, normalizer, rules: new RuleSet(knowledge.rules, normalizer), matcher, thresholds: thresholdsOf(calibration, knowledge) });
  return {
    engine,
    report: { examples: knowledge.examples.length, calibration, source: known?.source ?? "computed", ...matcherSource, buildMs: performance.now() - started },
  };
}

/**
 * Loads knowledge/ and builds the engine; throws KnowledgeError on an invalid file. After an edit of
 * examples or synonyms, calibration.yaml is stale: a reload of the running bot keeps its previous
 * thresholds, and a start-up takes the stale file's, instead of cross-validating for seconds in which
 * no message would be answered. An edit of the policy's costs is a decision about thresholds: they
 * are chosen again.
 */
export function loadEngine(
  dir: string,
  previous?: Calibration,
  options?: BuildOptions,
): { engine: FaqEngine; report: BuildReport } {
  const knowledge = loadKnowledge(dir);
  const stored = storedCalibration(dir, knowledge);
  if (stored?.fit === "current") return buildEngine(knowledge, { calibration: stored.calibration, source: "stored" }, options);
  if (previous && chosenUnderPolicyOf(previous, knowledge)) return buildEngine(knowledge, { calibration: previous, source: "previous" }, options);
  return buildEngine(knowledge, stored ? { calibration: stored.calibration, source: "stale" } : undefined, options);
}
