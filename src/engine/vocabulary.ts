/** A message as the model sees it: feature indexes with their weights, L2-normalised. */
export interface SparseVector {
  indexes: Int32Array;
  values: Float64Array;
}

/**
 * Feature hashes -> dense indexes. Built from the training examples only: a feature never seen in
 * training carries no weight, so it is dropped at prediction time.
 */
export class Vocabulary {
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.index.size;
  }

  /** While training: new features get an index. */
  learn(features: readonly number[]): SparseVector {
    for (const feature of features) if (!this.index.has(feature)) this.index.set(feature, this.index.size);
    return this.vectorize(features);
  }

  vectorize(features: readonly number[]): SparseVector {
    const found = new Int32Array(features.length);
    let n = 0;
    for (const feature of features) {
      const i = this.index.get(feature);
      if (i !== undefined) found[n++] = i;
    }
    const sorted = found.subarray(0, n).sort();
    // Count runs of equal indexes; sublinear weight: a character repeated five times is not five times the evidence.
    let distinct = 0;
    for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
    const indexes = new Int32Array(distinct);
    const values = new Float64Array(distinct);
    let norm = 0;
    for (let k = 0, d = -1; k < n; k++) {
      if (k === 0 || sorted[k] !== sorted[k - 1]) {
        d++;
        indexes[d] = sorted[k] as number;
        values[d] = 1;
      } else values[d] = (values[d] as number) + 1;
    }
    for (let d = 0; d < distinct; d++) {
      const value = 1 + Math.log(values[d] as number);
      values[d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < distinct; d++) values[d] = (values[d] as number) / norm;
    return { indexes, values };
  }
}
