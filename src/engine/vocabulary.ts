/** A message as the model sees it: feature indexes with their weights, L2-normalised. */
export interface SparseVector {
  indexes: number[];
  values: number[];
}

/**
 * Feature hashes -> dense indexes. Built from the training examples only: a feature never seen in
 * training carries no weight, so it is dropped at prediction time. An open-addressing table of
 * typed arrays: looking up a message's features allocates nothing and costs a few nanoseconds each.
 */
export class Vocabulary {
  private keys = new Int32Array(1 << 12).fill(EMPTY);
  private values = new Int32Array(1 << 12);
  private count = 0;
  /** Per feature index: where it sits in the vector being built, valid while stamp matches. */
  private position = new Int32Array(0);
  private stamp = new Int32Array(0);
  private generation = 0;

  get size(): number {
    return this.count;
  }

  /** While training: new features get an index. */
  learn(features: readonly number[]): SparseVector {
    for (const feature of features) if (this.get(feature) < 0) this.insert(feature);
    return this.vectorize(features);
  }

  vectorize(features: readonly number[]): SparseVector {
    if (this.stamp.length < this.count) {
      this.position = new Int32Array(this.count * 2);
      this.stamp = new Int32Array(this.count * 2);
      this.generation = 0;
    }
    const generation = ++this.generation;
    // Plain arrays: a small typed array costs more to allocate than the whole lookup.
    const indexes: number[] = [];
    const values: number[] = [];
    for (const feature of features) {
      const i = this.get(feature);
      if (i < 0) continue;
      if (this.stamp[i] === generation) {
        const at = this.position[i] as number;
        values[at] = (values[at] as number) + 1;
      } else {
        this.stamp[i] = generation;
        this.position[i] = indexes.length;
        indexes.push(i);
        values.push(1);
      }
    }
    let norm = 0;
    for (let d = 0; d < values.length; d++) {
      // Sublinear: a character repeated five times is not five times the evidence.
      const value = 1 + Math.log(values[d] as number);
      values[d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < values.length; d++) values[d] = (values[d] as number) / norm;
    return { indexes, values };
  }

  /** The index of a feature hash (a non-negative 30-bit integer), or -1. */
  private get(feature: number): number {
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(feature, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot] as number;
      if (key === feature) return this.values[slot] as number;
      if (key === EMPTY) return -1;
    }
  }

  private insert(feature: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const mask = this.keys.length - 1;
    let slot = Math.imul(feature, 0x9e3779b1) & mask;
    while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.keys[slot] = feature;
    this.values[slot] = this.count++;
  }

  private rehash(capacity: number): void {
    const { keys, values } = this;
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.values = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old] as number;
      if (key === EMPTY) continue;
      let slot = Math.imul(key, 0x9e3779b1) & mask;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = values[old] as number;
    }
  }
}

/** Feature hashes are non-negative (30 bits), so -1 marks a free slot. */
const EMPTY = -1;
