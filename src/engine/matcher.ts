import { FeatureTable, type FeatureTableSnapshot } from "./feature-table.js";
import { FeatureList, matcherFeatures } from "./features.js";
import { ChineseLexicon } from "./lexicon.js";
import type { Example } from "./knowledge.js";
import { SoftmaxModel } from "./softmax.js";

/** Everything a trained matcher is, as plain data (the model cache stores it). */
export interface MatcherSnapshot {
  labels: readonly string[];
  lexicon: readonly string[];
  table: FeatureTableSnapshot;
}

/** One class and its calibrated probability. */
export interface Candidate {
  label: string;
  probability: number;
}

/**
 * The FAQ matcher: a linear model over word and character n-grams, trained at start-up on the
 * example questions, with out of scope as one more class. It reads normalised text: the caller
 * normalises once for the rules and the matcher, so a synonym means the same everywhere.
 */
export class Matcher {
  /** Softmax temperature from cross-validation: > 1 when the raw model is over-confident. */
  temperature = 1;
  /** Reused by rank(): scoring a message then allocates almost nothing (JavaScript is single-threaded). */
  private readonly scratchLogits: Float64Array;
  private readonly scratchFeatures = new FeatureList();
  private readonly scratchRanked: Candidate[] = [];

  private constructor(
    readonly labels: readonly string[],
    private readonly table: FeatureTable,
    private readonly lexicon: ChineseLexicon,
  ) {
    this.scratchLogits = new Float64Array(labels.length);
  }

  snapshot(): MatcherSnapshot {
    const { labels, lexicon, table } = this;
    return { labels, lexicon: lexicon.words, table: table.snapshot() };
  }

  static restore(snapshot: MatcherSnapshot): Matcher {
    const { labels, lexicon, table } = snapshot;
    return new Matcher(labels, FeatureTable.restore(table), new ChineseLexicon(lexicon));
  }

  static train(examples: readonly Example[], { lexicon, features }: ExampleFeatures): Matcher {
    return Matcher.fromFeatures(features, examples.map((example) => example.label), lexicon);
  }

  /** Trains on examples already turned into features (cross-validation extracts them once for all folds). */
  static fromFeatures(
    features: readonly FeatureList[],
    exampleLabels: readonly string[],
    lexicon: ChineseLexicon,
  ): Matcher {
    const labels = [...new Set(exampleLabels)].sort();
    const index = new Map(labels.map((label, i) => [label, i]));
    const { table, vectors } = FeatureTable.learn(features, labels.length);
    const targets = exampleLabels.map((label) => index.get(label) as number);
    const model = SoftmaxModel.train(vectors, targets, labels.length, table.slots);
    table.setWeights(model.weights, model.bias);
    return new Matcher(labels, table, lexicon);
  }

  /** Raw scores of every class for a message already turned into features. */
  logitsOf(features: FeatureList): Float64Array {
    const logits = new Float64Array(this.labels.length);
    this.table.logitsInto(this.table.vectorize(features), logits);
    return logits;
  }

  /** The three most probable classes for one normalised message, best first: valid until the next call. */
  rank(normalized: string): readonly Candidate[] {
    this.table.logitsInto(this.table.vectorize(matcherFeatures(normalized, this.lexicon, this.scratchFeatures)), this.scratchLogits);
    return rankLogits(this.scratchLogits, this.labels, this.temperature, 3, this.scratchRanked);
  }
}

/** The Chinese words of the examples, and every example turned into features with them (features[i] is examples[i]'s). */
export interface ExampleFeatures {
  lexicon: ChineseLexicon;
  features: FeatureList[];
}

/**
 * Cross-validation and training read the same features: a build extracts them once. `extract`: the
 * matcher's features by default (the BM25 baseline of the engine bench reads the n-grams alone).
 */
export function exampleFeatures(
  examples: readonly Example[],
  normalize: (text: string) => string,
  extract: typeof matcherFeatures = matcherFeatures,
): ExampleFeatures {
  const texts = examples.map((example) => normalize(example.text));
  const lexicon = ChineseLexicon.learn(texts);
  const scratch = new FeatureList();
  return { lexicon, features: texts.map((text) => extract(text, lexicon, scratch).compact()) };
}

/**
 * The `limit` most probable classes, best first (the policy looks at the best topic, the runner-up
 * and out of scope: three are enough, and skipping the full sort keeps a message well under 0.1 ms).
 * Probabilities rise with the logits: the classes are chosen on the logits, and only the kept ones
 * are divided by the softmax sum (the same numbers a full softmax gives). Written into `into` when
 * given, its candidates reused: ranking a message then allocates nothing, where fresh candidates were
 * a third of what classifying one allocated (~0.8 of 2.6 KB).
 */
export function rankLogits(logits: Float64Array, labels: readonly string[], temperature: number, limit = labels.length, into: Candidate[] = []): Candidate[] {
  // Class indexes only while searching: one candidate per class kept, none per class seen.
  if (topScratch.length < limit) topScratch = new Int32Array(limit);
  const top = topScratch;
  let kept = 0;
  for (let c = 0; c < logits.length; c++) {
    const logit = logits[c] as number;
    if (kept === limit && logit <= (logits[top[limit - 1] as number] as number)) continue;
    // The last kept class, when all places are taken, makes room.
    let at = kept < limit ? kept++ : limit - 1;
    for (; at > 0 && (logits[top[at - 1] as number] as number) < logit; at--) top[at] = top[at - 1] as number;
    top[at] = c;
  }
  const max = logits[top[0] as number] as number;
  // A multiplication where a division takes several times as long, once per class.
  const inverse = 1 / temperature;
  if (expScratch.length < logits.length) expScratch = new Float64Array(logits.length);
  const exps = expScratch;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp(((logits[c] as number) - max) * inverse);
    exps[c] = e;
    sum += e;
  }
  into.length = kept;
  for (let k = 0; k < kept; k++) {
    const c = top[k] as number;
    const label = labels[c] as string;
    const probability = (exps[c] as number) / sum;
    const candidate = into[k];
    if (candidate) {
      candidate.label = label;
      candidate.probability = probability;
    } else into[k] = { label, probability };
  }
  return into;
}

/** The class indexes rankLogits keeps while searching, and each class's exponential (JavaScript is single-threaded: one serves every call). */
let topScratch = new Int32Array(3);
let expScratch = new Float64Array(0);
