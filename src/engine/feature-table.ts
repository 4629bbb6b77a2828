import type { FeatureList } from "./features.js";
import { linearScores } from "./softmax.js";

/** A message as the model sees it: the first `length` feature slots with their weights, L2-normalised. */
export interface SparseVector {
  indexes: Int32Array;
  values: Float64Array;
  length: number;
}

/** The table as plain arrays (the model cache stores them): the records, and the bias of each class. */
export interface FeatureTableSnapshot {
  records: Int32Array<ArrayBuffer>;
  bias: Float64Array<ArrayBuffer>;
}

/**
 * Every feature the model knows, and what it knows of it, in one open-addressing table of records:
 * the feature's hash, its inverse document frequency, and its weight for each class (an int8 times a
 * scale of the feature's own). A feature of a message costs one record, one cache line; a table of
 * (hash, index) pairs, an idf array and a float matrix cost three or four, and scoring waited on
 * memory more than it computed (~27% of classifying a message was the lookups and the weights).
 * Rounding to int8 moves a logit by at most ~0.05 (on the examples; ~0.04 on the eval set, where no
 * best class changed).
 *
 * A feature's slot is its index: training vectors and weights are per slot, so training and scoring
 * read the same vectors. A feature never seen in training carries no weight, and is dropped.
 *
 * Each feature is weighted by its inverse document frequency: a word in every third example ("my",
 * "怎么", the character 的) then takes little of a message's unit length, and the words that tell
 * topics apart keep their weight in a long message (cross-validated cost 0.255 -> 0.243, measured
 * with the cost model of that time: wrong answers 5/4, clarify 0.5).
 */
export class FeatureTable {
  /** Int32 units per record: a power of two, so a record of up to 64 bytes (52 classes) never straddles two cache lines. */
  private readonly stride: number;
  private readonly mask: number;
  /** Views of the records: hash at [stride * slot], idf and scale at the next two, weights from byte 12. */
  private readonly hashes: Int32Array<ArrayBuffer>;
  private readonly floats: Float32Array;
  private readonly weights: Int8Array;
  /**
   * The feature slots of the vector being built and where each sits in it, as pairs in a small
   * open-addressing table of its own: a repeated feature is found there in the L1 cache.
   */
  private seen = new Int32Array(2 * MIN_SEEN);
  private readonly scratch: SparseVector = { indexes: new Int32Array(256), values: new Float64Array(256), length: 0 };
  private scaled = new Float64Array(256);

  private constructor(
    records: Int32Array<ArrayBuffer>,
    readonly bias: Float64Array<ArrayBuffer>,
  ) {
    // A wrong layout would make every lookup wrong, or loop for ever on a table with no free slot.
    if (!recordsFit(records.length, bias.length)) throw new RangeError(`feature table: ${records.length} Int32s are not whole records for ${bias.length} classes in a power-of-two number of slots`);
    this.stride = strideOf(bias.length);
    this.mask = records.length / this.stride - 1;
    this.hashes = records;
    this.floats = new Float32Array(records.buffer, records.byteOffset, records.length);
    this.weights = new Int8Array(records.buffer, records.byteOffset, records.byteLength);
  }

  snapshot(): FeatureTableSnapshot {
    return { records: this.hashes, bias: this.bias };
  }

  static restore({ records, bias }: FeatureTableSnapshot): FeatureTable {
    return new FeatureTable(records, bias);
  }

  /**
   * The features of the training examples for a model of `classes` classes, without weights yet
   * (see setWeights), and each example's vector (one of its own: training keeps them all).
   */
  static learn(examples: readonly FeatureList[], classes: number): { table: FeatureTable; vectors: SparseVector[] } {
    const distinct = new Set<number>();
    for (const features of examples) for (let k = 0; k < features.length; k++) distinct.add(features.hashes[k] as number);
    // Up to two thirds full: a message's feature reads ~1.2 records on average, an unknown one ~4.8 (~3 lines).
    let slots = MIN_SLOTS;
    while (slots * 2 < distinct.size * 3) slots *= 2;
    const stride = strideOf(classes);
    const records = new Int32Array(slots * stride);
    for (let slot = 0; slot < slots; slot++) records[slot * stride] = EMPTY;
    const table = new FeatureTable(records, new Float64Array(classes));
    for (const feature of distinct) table.place(feature);
    const vectors = examples.map((features) => {
      const { indexes, values, length } = table.occurrences(features);
      return { indexes: indexes.slice(0, length), values: values.slice(0, length), length };
    });
    // Document frequency: occurrences() lists each feature of an example once.
    const documents = new Float64Array(slots);
    for (const { indexes, length } of vectors) for (let d = 0; d < length; d++) documents[indexes[d] as number] = (documents[indexes[d] as number] as number) + 1;
    for (let slot = 0; slot < slots; slot++) {
      if (table.hashes[slot * stride] !== EMPTY) table.floats[slot * stride + 1] = Math.log((examples.length + 1) / ((documents[slot] as number) + 1)) + 1;
    }
    for (const vector of vectors) table.weigh(vector);
    return { table, vectors };
  }

  /** How many slots there are: feature indexes run below it. */
  get slots(): number {
    return this.mask + 1;
  }

  /** Stores the trained weights (per slot, one per class) and biases, each feature's weights rounded to int8 on a scale of its own. */
  setWeights(weights: Float32Array, bias: Float64Array): void {
    const { stride } = this;
    const classes = bias.length;
    this.bias.set(bias);
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.hashes[slot * stride] === EMPTY) continue;
      const row = slot * classes;
      let max = 0;
      for (let c = 0; c < classes; c++) max = Math.max(max, Math.abs(weights[row + c] as number));
      const scale = max / 127;
      this.floats[slot * stride + 2] = scale;
      const at = slot * stride * 4 + WEIGHTS_BYTE;
      for (let c = 0; c < classes; c++) this.weights[at + c] = scale === 0 ? 0 : Math.round((weights[row + c] as number) / scale);
    }
  }

  /** The vector of a message's features: valid until the next call (scoring reuses one buffer). */
  vectorize(features: FeatureList): SparseVector {
    return this.weigh(this.occurrences(features));
  }

  /** Raw class scores of a vector, written into `out`. */
  logitsInto(vector: SparseVector, out: Float64Array): void {
    const { indexes, values, length } = vector;
    const { stride, weights, floats, bias } = this;
    if (this.scaled.length < length) this.scaled = new Float64Array(length * 2);
    const scaled = this.scaled;
    for (let d = 0; d < length; d++) scaled[d] = (values[d] as number) * (floats[(indexes[d] as number) * stride + 2] as number);
    linearScores(weights, stride * 4, WEIGHTS_BYTE, vector, scaled, bias, out);
  }

  /** Each known feature of the message once, with how often it occurs, in the scratch vector. */
  private occurrences(features: FeatureList): SparseVector {
    if (this.scratch.indexes.length < features.length) {
      this.scratch.indexes = new Int32Array(features.length * 2);
      this.scratch.values = new Float64Array(features.length * 2);
    }
    // At most half full: a free slot is never far.
    let slots = MIN_SEEN;
    while (slots < features.length * 2) slots *= 2;
    if (this.seen.length < 2 * slots) this.seen = new Int32Array(2 * slots);
    const { seen } = this;
    seen.fill(EMPTY, 0, 2 * slots);
    const mask = slots - 1;
    const { indexes, values } = this.scratch;
    let length = 0;
    for (let k = 0; k < features.length; k++) {
      const i = this.slotOf(features.hashes[k] as number);
      if (i < 0) continue;
      let slot = (Math.imul(i, 0x9e3779b1) >>> 16) & mask;
      while (seen[2 * slot] !== i && seen[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
      if (seen[2 * slot] === i) {
        const at = seen[2 * slot + 1] as number;
        values[at] = (values[at] as number) + 1;
      } else {
        seen[2 * slot] = i;
        seen[2 * slot + 1] = length;
        indexes[length] = i;
        values[length++] = 1;
      }
    }
    this.scratch.length = length;
    return this.scratch;
  }

  /** Counts -> weights, in place: sublinear, times idf, then unit length. */
  private weigh(vector: SparseVector): SparseVector {
    const { indexes, values, length } = vector;
    const { floats, stride } = this;
    let norm = 0;
    for (let d = 0; d < length; d++) {
      // Sublinear: a character repeated five times is not five times the evidence (log 1 is 0: most features skip the log).
      const count = values[d] as number;
      const value = (count === 1 ? 1 : 1 + Math.log(count)) * (floats[(indexes[d] as number) * stride + 1] as number);
      values[d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < length; d++) values[d] = (values[d] as number) / norm;
    return vector;
  }

  /** The slot of a feature hash (a non-negative 30-bit integer), or -1. */
  private slotOf(feature: number): number {
    const { hashes, stride, mask } = this;
    for (let slot = Math.imul(feature, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      const key = hashes[slot * stride] as number;
      // EMPTY first: a list built by hand may hold -1, which must not "find" a free slot.
      if (key === EMPTY) return -1;
      if (key === feature) return slot;
    }
  }

  /** Adds a feature to a table with a free slot. */
  private place(feature: number): void {
    const { hashes, stride, mask } = this;
    let slot = Math.imul(feature, 0x9e3779b1) & mask;
    while (hashes[slot * stride] !== EMPTY) slot = (slot + 1) & mask;
    hashes[slot * stride] = feature;
  }
}

/** Whether `length` Int32s are the records of a table for `classes` classes: a power-of-two number of whole records. */
export function recordsFit(length: number, classes: number): boolean {
  const slots = length / strideOf(classes);
  return Number.isInteger(slots) && slots >= 1 && (slots & (slots - 1)) === 0;
}

/** Int32 units of a record: hash, idf and scale, then one byte per class, rounded up to a power of two. */
function strideOf(classes: number): number {
  let bytes = 16;
  while (bytes < WEIGHTS_BYTE + classes) bytes *= 2;
  return bytes / 4;
}

/** Where a record's weights start, in bytes. */
const WEIGHTS_BYTE = 12;

/** Feature hashes are non-negative, so -1 marks a free slot. */
const EMPTY = -1;

const MIN_SLOTS = 1 << 10;

/** Slots of the repeated-feature table for a message of up to 32 features. */
const MIN_SEEN = 64;
