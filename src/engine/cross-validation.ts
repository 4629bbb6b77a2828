import type { FeatureList } from "./features.js";
import type { Example } from "./knowledge.js";
import { type ExampleFeatures, Matcher } from "./matcher.js";
import { seededRandom, shuffle } from "./random.js";
import type { HeldOut } from "./thresholds.js";

/** Enough folds for stable thresholds, few enough to keep kb:check quick. */
const FOLDS = 4;

/**
 * Each a different split of the examples into folds. The cost is flat across a range of answer
 * thresholds, so one split's luck decided where in it the threshold fell: anywhere from 0.75 to 0.875
 * on four splits of the same 14,164 examples, and adding a few dozen examples could swing how often
 * the bot answers by two points. The mean over five splits picks 0.825 or 0.85 whichever splits are
 * drawn (three: 0.8 to 0.85); each repeat adds ~2.5 s to kb:check.
 */
const REPEATS = 5;

/**
 * Repeated k-fold cross-validation on the example questions: in every repeat, each example is scored
 * by a model trained without it. heldOut[r * examples.length + i] belongs to examples[i] in repeat r.
 * Folds are stratified (each class spread evenly) and shuffled with a fixed seed: neighbouring lines
 * of a file, often variations on one question, do not always fall into different folds, and the
 * same knowledge always gives the same result.
 */
export function crossValidate(examples: readonly Example[], { lexicon, features }: ExampleFeatures): { labels: readonly string[]; heldOut: HeldOut[] } {
  // The lexicon learns from every example (it decides where Chinese words are cut, not what they mean):
  // a held-out example's rare words are then cut as known words, which makes cross-validation a
  // little optimistic; one lexicon per fold would cost a segmenter pass per fold.
  const heldOut: HeldOut[] = new Array<HeldOut>(REPEATS * examples.length);
  let labels: readonly string[] = [];
  const random = seededRandom(REPEATS);
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const foldOf = stratifiedFolds(examples, random);
    for (let fold = 0; fold < FOLDS; fold++) {
      const train = examples.map((_, i) => i).filter((i) => foldOf[i] !== fold);
      const matcher = Matcher.fromFeatures(
        train.map((i) => features[i] as FeatureList),
        train.map((i) => (examples[i] as Example).label),
        lexicon,
      );
      labels = matcher.labels;
      examples.forEach((example, i) => {
        if (foldOf[i] === fold) heldOut[repeat * examples.length + i] = { label: example.label, logits: matcher.logitsOf(features[i] as FeatureList) };
      });
    }
  }
  return { labels, heldOut };
}

/** Per example, its fold: each class's examples shuffled, then dealt round the folds. */
function stratifiedFolds(examples: readonly Example[], random: () => number): number[] {
  const byLabel = new Map<string, number[]>();
  examples.forEach((example, i) => {
    const members = byLabel.get(example.label);
    if (members) members.push(i);
    else byLabel.set(example.label, [i]);
  });
  const foldOf = new Array<number>(examples.length);
  for (const members of byLabel.values()) {
    shuffle(members, random);
    members.forEach((i, n) => {
      foldOf[i] = n % FOLDS;
    });
  }
  return foldOf;
}
