import { type FeatureList, fnv1a } from "./features.js";
import type { Example } from "./knowledge.js";
import { type ExampleFeatures, Matcher } from "./matcher.js";
import { seededRandom, shuffle } from "./random.js";
import type { HeldOut } from "./thresholds.js";

/** Enough folds for stable thresholds, few enough to keep calibration to seconds. */
const FOLDS = 4;

/**
 * How many different splits of the examples into folds kb:check averages over before it stores the
 * thresholds. The cost is flat across a range of answer thresholds, so one split's luck decided where
 * in it the threshold fell: anywhere from 0.75 to 0.875 on four splits of the same 14,164 examples
 * (knowledge round 12), and adding a few dozen examples could swing how often the bot answers by two
 * points. At 15,596 examples the mean over five splits picked 0.825 or 0.85 whichever splits were
 * drawn (three: 0.8 to 0.85); each split costs ~2.5 s.
 */
export const STORED_SPLITS = 5;

/**
 * A running bot that must choose thresholds itself (the policy changed and calibration.yaml is not
 * redone yet) uses one split: ~3 s in which no message is answered, where five would take ~14 s.
 */
export const RUNTIME_SPLITS = 1;

/**
 * Repeated k-fold cross-validation on the example questions: in every split, each example is scored
 * by a model trained without it. heldOut[s * examples.length + i] belongs to examples[i] in split s.
 * Folds are stratified: each class's examples are shuffled, with a seed of their own per class and
 * split, then dealt round the folds. So the same knowledge always gives the same result, and an edit
 * of one topic's examples reshuffles that topic only.
 */
export function crossValidate(examples: readonly Example[], { lexicon, features }: ExampleFeatures, splits: number): { labels: readonly string[]; heldOut: HeldOut[] } {
  // The lexicon learns from every example (it decides where Chinese words are cut, not what they mean):
  // a held-out example's rare words are then cut as known words, which makes cross-validation a
  // little optimistic; one lexicon per fold would cost a segmenter pass per fold.
  const heldOut: HeldOut[] = new Array<HeldOut>(splits * examples.length);
  let labels: readonly string[] = [];
  for (let split = 0; split < splits; split++) {
    const foldOf = stratifiedFolds(examples, split);
    for (let fold = 0; fold < FOLDS; fold++) {
      const train = examples.map((_, i) => i).filter((i) => foldOf[i] !== fold);
      const matcher = Matcher.fromFeatures(
        train.map((i) => features[i] as FeatureList),
        train.map((i) => (examples[i] as Example).label),
        lexicon,
      );
      labels = matcher.labels;
      examples.forEach((example, i) => {
        if (foldOf[i] === fold) heldOut[split * examples.length + i] = { label: example.label, logits: matcher.logitsOf(features[i] as FeatureList) };
      });
    }
  }
  return { labels, heldOut };
}

/** Per example, its fold in this split. */
function stratifiedFolds(examples: readonly Example[], split: number): number[] {
  const byLabel = new Map<string, number[]>();
  examples.forEach((example, i) => {
    const members = byLabel.get(example.label);
    if (members) members.push(i);
    else byLabel.set(example.label, [i]);
  });
  const foldOf = new Array<number>(examples.length);
  for (const [label, members] of byLabel) {
    shuffle(members, seededRandom(seedOf(label, split)));
    members.forEach((i, n) => {
      foldOf[i] = n % FOLDS;
    });
  }
  return foldOf;
}

/** The label's hash, mixed with the split. */
function seedOf(label: string, split: number): number {
  return (fnv1a(label) ^ Math.imul(split + 1, 0x9e3779b1)) >>> 0;
}
