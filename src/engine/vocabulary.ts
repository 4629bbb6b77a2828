import type { FeatureList } from "./features.js";

/** A message as the model sees it: the first `length` feature indexes with their weights, L2-normalised. */
export interface SparseVector {
  indexes: Int32Array;
  values: Float64Array;
  length: number;
}

/**
 * Feature hashes -> dense indexes and weights. Built from the training examples only: a feature never
 * seen in training carries no weight, so it is dropped at prediction time. An open-addressing table of
 * typed arrays: looking up a message's features allocates nothing and costs a few nanoseconds each.
 *
 * Each feature is weighted by its inverse document frequency: a word in every third example ("my",
 * "怎么", the character 的) then takes little of a message's unit length, and the words that tell
 * topics apart keep their weight in a long message (cross-validated cost 0.255 -> 0.243, measured
 * with the cost model of that time: wrong answers 5/4, clarify 0.5).
 */
export class Vocabulary {
  /**
   * Slot i holds a feature hash at 2i and its index at 2i + 1: a lookup reads one cache line, where
   * separate key and index arrays cost two misses per feature.
   */
  private table = new Int32Array(2 << 12).fill(EMPTY);
  private count = 0;
  /**
   * The feature indexes of the vector being built and where each sits in it, as pairs in a small
   * open-addressing table of its own: a repeated feature is found there in the L1 cache, where a
   * per-index array as large as the vocabulary missed it on every feature.
   */
  private seen = new Int32Array(2 * MIN_SEEN);
  private readonly scratch: SparseVector = { indexes: new Int32Array(256), values: new Float64Array(256), length: 0 };
  /** Per feature index: its inverse document frequency in the training examples. */
  private idf = new Float64Array(0);

  private constructor() {}

  /** The learned table as plain arrays (the model cache stores them). */
  snapshot(): VocabularySnapshot {
    return { table: this.table, idf: this.idf };
  }

  static restore(snapshot: VocabularySnapshot): Vocabulary {
    const vocabulary = new Vocabulary();
    vocabulary.table = snapshot.table;
    vocabulary.idf = snapshot.idf;
    vocabulary.count = snapshot.idf.length;
    return vocabulary;
  }

  /** The vocabulary of the training examples, and each example's vector (one of its own: training keeps them all). */
  static learn(examples: readonly FeatureList[]): { vocabulary: Vocabulary; vectors: SparseVector[] } {
    const vocabulary = new Vocabulary();
    const vectors = examples.map((features) => {
      for (let k = 0; k < features.length; k++) if (vocabulary.get(features.hashes[k] as number) < 0) vocabulary.insert(features.hashes[k] as number);
      const { indexes, values, length } = vocabulary.occurrences(features);
      return { indexes: indexes.slice(0, length), values: values.slice(0, length), length };
    });
    // Document frequency: occurrences() lists each feature of an example once.
    const documents = new Float64Array(vocabulary.size);
    for (const { indexes, length } of vectors) for (let d = 0; d < length; d++) documents[indexes[d] as number] = (documents[indexes[d] as number] as number) + 1;
    vocabulary.idf = documents.map((count) => Math.log((examples.length + 1) / (count + 1)) + 1);
    for (const vector of vectors) vocabulary.weigh(vector);
    return { vocabulary, vectors };
  }

  get size(): number {
    return this.count;
  }

  /** The vector of a message's features: valid until the next call (scoring reuses one buffer). */
  vectorize(features: FeatureList): SparseVector {
    return this.weigh(this.occurrences(features));
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
      const i = this.get(features.hashes[k] as number);
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
    let norm = 0;
    for (let d = 0; d < length; d++) {
      // Sublinear: a character repeated five times is not five times the evidence (log 1 is 0: most features skip the log).
      const count = values[d] as number;
      const value = (count === 1 ? 1 : 1 + Math.log(count)) * (this.idf[indexes[d] as number] as number);
      values[d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < length; d++) values[d] = (values[d] as number) / norm;
    return vector;
  }

  /** The index of a feature hash (a non-negative 30-bit integer), or -1. */
  private get(feature: number): number {
    return lookup(this.table, feature);
  }

  private insert(feature: number): void {
    // Up to three quarters full (a table of 2n Int32s has n slots): the table of 69,000 features then
    // takes 1 MB and stays in the L2 cache, where a half-full one took 2 MB and missed it (messages
    // scored ~3% faster); a lookup still reads ~1.6 slots on average (~2.8 for an unknown feature).
    if ((this.count + 1) * 8 > this.table.length * 3) {
      const old = this.table;
      this.table = new Int32Array(2 * old.length).fill(EMPTY);
      for (let at = 0; at < old.length; at += 2) if (old[at] !== EMPTY) place(this.table, old[at] as number, old[at + 1] as number);
    }
    place(this.table, feature, this.count++);
  }
}

/** The index of `feature` in a table of (hash, index) pairs, or -1. */
function lookup(table: Int32Array, feature: number): number {
  const mask = (table.length >> 1) - 1;
  for (let slot = Math.imul(feature, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
    const key = table[2 * slot] as number;
    if (key === feature) return table[2 * slot + 1] as number;
    if (key === EMPTY) return -1;
  }
}

/** Adds a pair to a table with a free slot. */
function place(table: Int32Array, feature: number, index: number): void {
  const mask = (table.length >> 1) - 1;
  let slot = Math.imul(feature, 0x9e3779b1) & mask;
  while (table[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
  table[2 * slot] = feature;
  table[2 * slot + 1] = index;
}

/** The open-addressing table (hash, index pairs) and the idf of each index. */
export interface VocabularySnapshot {
  table: Int32Array<ArrayBuffer>;
  idf: Float64Array<ArrayBuffer>;
}

/** Feature hashes and indexes are non-negative, so -1 marks a free slot. */
const EMPTY = -1;

/** Slots of the repeated-feature table for a message of up to 32 features. */
const MIN_SEEN = 64;
