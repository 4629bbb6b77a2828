import type { FeatureList } from "./features.js";
import type { Example } from "./knowledge.js";
import { type ExampleFeatures, Matcher } from "./matcher.js";
import type { HeldOut } from "./thresholds.js";

/** Enough folds for stable thresholds, few enough to keep start-up under a second. */
const FOLDS = 4;

/**
 * k-fold cross-validation on the example questions: every example is scored by a model trained
 * without it (heldOut[i] belongs to examples[i]). Folds are stratified (each class spread evenly)
 * and deterministic.
 */
export function crossValidate(examples: readonly Example[], { lexicon, features }: ExampleFeatures): { labels: readonly string[]; heldOut: HeldOut[] } {
  // The lexicon learns from every example (it decides where Chinese words are cut, not what they mean):
  // a held-out example's rare words are then cut as known words, which makes cross-validation a
  // little optimistic; one lexicon per fold would cost a segmenter pass per fold.
  const seen = new Map<string, number>();
  const foldOf = examples.map((example) => {
    const n = seen.get(example.label) ?? 0;
    seen.set(example.label, n + 1);
    return n % FOLDS;
  });
  const heldOut: HeldOut[] = new Array<HeldOut>(examples.length);
  let labels: readonly string[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = examples.map((_, i) => i).filter((i) => foldOf[i] !== fold);
    const matcher = Matcher.fromFeatures(
      train.map((i) => features[i] as FeatureList),
      train.map((i) => (examples[i] as Example).label),
      lexicon,
    );
    labels = matcher.labels;
    examples.forEach((example, i) => {
      if (foldOf[i] === fold) heldOut[i] = { label: example.label, logits: matcher.logitsOf(features[i] as FeatureList) };
    });
  }
  return { labels, heldOut };
}
