import { seededRandom, shuffle } from "./random.js";
import type { SparseVector } from "./feature-table.js";

/**
 * Chosen by cross-validation on knowledge/ (see README "Knowledge base and engine"). `epochs`: passes
 * over the examples; `learningRate`: the initial SGD step; `l2`: the penalty per step, which keeps
 * weights small so probabilities stay humble on unseen wording; `seed`: of the example shuffle, so the
 * same knowledge always trains the same model; `balance`: 0, every example counts the same, 1, every
 * class counts the same in total (in between keeps out of scope, a large class, from drowning the rest).
 */
export const TRAINING_DEFAULTS = { epochs: 5, learningRate: 5, l2: 1e-4, seed: 1, balance: 0.75 } as const;

/**
 * Multinomial logistic regression over sparse features, trained by SGD. Linear, so it scores a
 * message in a few microseconds, and its softmax output is a probability we can calibrate. Messages
 * are scored by the FeatureTable the matcher packs these weights into; this class trains them.
 */
export class SoftmaxModel {
  /** `weights`: per slot of the feature table, one weight per class (empty slots stay 0). Written by training only; the matcher packs them. */
  constructor(
    readonly weights: Float32Array,
    readonly bias: Float64Array,
  ) {}

  get classes(): number {
    return this.bias.length;
  }

  static train(vectors: SparseVector[], labels: number[], classes: number, dimensions: number): SoftmaxModel {
    const options = TRAINING_DEFAULTS;
    const model = new SoftmaxModel(new Float32Array(dimensions * classes), new Float64Array(classes));
    const order = vectors.map((_, i) => i);
    const random = seededRandom(options.seed);
    const logits = new Float64Array(classes);
    const gradient = new Float64Array(classes);
    const active = new Int32Array(classes);
    const classWeights = balancedWeights(labels, classes, options.balance);
    let step = 0;
    const totalSteps = options.epochs * vectors.length;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const x = vectors[i] as SparseVector;
        const label = labels[i] as number;
        const rate = (options.learningRate * (1 - step / totalSteps) + 0.01) * (classWeights[label] as number);
        step++;
        model.logitsInto(x, logits);
        softmaxInto(logits, gradient);
        gradient[label] = (gradient[label] as number) - 1;
        // Classes the model already rules out have a near-zero gradient: skipping them halves training time.
        let count = 0;
        for (let c = 0; c < classes; c++) if (Math.abs(gradient[c] as number) > SKIP_GRADIENT) active[count++] = c;
        model.update(x, gradient, active, count, rate, options.l2);
      }
    }
    return model;
  }

  /** Raw class scores written into `out` (no allocation: training reuses one buffer). */
  logitsInto(x: SparseVector, out: Float64Array): void {
    linearScores(this.weights, this.classes, 0, x, x.values, this.bias, out);
  }

  private update(x: SparseVector, gradient: Float64Array, active: Int32Array, count: number, rate: number, l2: number): void {
    const { weights, bias, classes } = this;
    const decay = 1 - rate * l2;
    for (let k = 0; k < x.length; k++) {
      const base = (x.indexes[k] as number) * classes;
      const value = x.values[k] as number;
      for (let a = 0; a < count; a++) {
        const c = active[a] as number;
        weights[base + c] = (weights[base + c] as number) * decay - rate * (gradient[c] as number) * value;
      }
    }
    for (let a = 0; a < count; a++) {
      const c = active[a] as number;
      bias[c] = (bias[c] as number) - rate * (gradient[c] as number) * 0.1;
    }
  }
}

/**
 * bias + the weighted sum of the vector's features, per class, into `out`: feature indexes[d]'s weight
 * for class c is weights[indexes[d] * stride + offset + c], its value values[d] (the vector's own, or
 * scaled ones). Four classes per pass over the features, summed in locals: the same additions in the
 * same order as one feature at a time (the same numbers to the last bit), at half the cost.
 */
export function linearScores(
  weights: Float32Array | Int8Array,
  stride: number,
  offset: number,
  { indexes, length }: SparseVector,
  values: Float64Array,
  bias: Float64Array,
  out: Float64Array,
): void {
  const classes = bias.length;
  let c = 0;
  for (; c + 4 <= classes; c += 4) {
    let logit0 = bias[c] as number;
    let logit1 = bias[c + 1] as number;
    let logit2 = bias[c + 2] as number;
    let logit3 = bias[c + 3] as number;
    for (let d = 0; d < length; d++) {
      const at = (indexes[d] as number) * stride + offset + c;
      const value = values[d] as number;
      logit0 += (weights[at] as number) * value;
      logit1 += (weights[at + 1] as number) * value;
      logit2 += (weights[at + 2] as number) * value;
      logit3 += (weights[at + 3] as number) * value;
    }
    out[c] = logit0;
    out[c + 1] = logit1;
    out[c + 2] = logit2;
    out[c + 3] = logit3;
  }
  for (; c < classes; c++) {
    let logit = bias[c] as number;
    for (let d = 0; d < length; d++) logit += (weights[(indexes[d] as number) * stride + offset + c] as number) * (values[d] as number);
    out[c] = logit;
  }
}

/** Below this, a class's gradient is too small to be worth a pass over the example's features. */
const SKIP_GRADIENT = 1e-3;

function balancedWeights(labels: number[], classes: number, balance: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  const weights = new Float64Array(classes);
  for (let c = 0; c < classes; c++) weights[c] = ((labels.length / classes) / Math.max(1, counts[c] as number)) ** balance;
  return weights;
}

function softmaxInto(logits: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (const logit of logits) max = Math.max(max, logit);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] as number) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) out[c] = (out[c] as number) / sum;
}
