import { extractFeatures, FeatureList } from "../../src/engine/features.js";
import { type Example, OUT_OF_SCOPE } from "../../src/engine/knowledge.js";
import type { ChineseLexicon } from "../../src/engine/lexicon.js";
import { exampleFeatures } from "../../src/engine/matcher.js";
import type { Classification } from "../../src/engine/types.js";

const K1 = 1.2;
const B = 0.75;

/**
 * The alternative the linear model was measured against: BM25 over the same n-grams, answering
 * with the label of the nearest example question (an out-of-scope neighbour means fallback).
 */
export class Bm25Neighbour {
  private readonly postings = new Map<number, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly averageLength: number;
  private readonly lexicon: ChineseLexicon;
  /** Reused by classify(), as Matcher.rank reuses its own: the timed path allocates no list per question. */
  private readonly scratch = new FeatureList();

  constructor(
    private readonly examples: readonly Example[],
    private readonly normalize: (text: string) => string,
  ) {
    const { lexicon, features } = exampleFeatures(examples, normalize, extractFeatures);
    this.lexicon = lexicon;
    this.lengths = features.map((list, doc) => {
      for (const [feature, tf] of countFeatures(list)) {
        const posting = this.postings.get(feature) ?? [];
        posting.push({ doc, tf });
        this.postings.set(feature, posting);
      }
      // A document's length: all its feature occurrences.
      return list.length;
    });
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
  }

  classify(text: string): Classification {
    const scores = new Float64Array(this.examples.length);
    const total = this.examples.length;
    const query = extractFeatures(this.normalize(text), this.lexicon, this.scratch);
    for (const feature of new Set(query.hashes.subarray(0, query.length))) {
      const list = this.postings.get(feature);
      if (!list) continue;
      const idf = Math.log(1 + (total - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + K1 * (1 - B + (B * (this.lengths[doc] as number)) / this.averageLength);
        scores[doc] = (scores[doc] as number) + (idf * tf * (K1 + 1)) / norm;
      }
    }
    let best = -1;
    for (let doc = 0; doc < scores.length; doc++) if (best < 0 || (scores[doc] as number) > (scores[best] as number)) best = doc;
    const label = best >= 0 && (scores[best] as number) > 0 ? (this.examples[best] as Example).label : OUT_OF_SCOPE;
    return label === OUT_OF_SCOPE ? { action: "fallback", topic: null, confidence: 0 } : { action: "answer", topic: label, confidence: 1 };
  }
}

function countFeatures({ hashes, length }: FeatureList): Map<number, number> {
  const counts = new Map<number, number>();
  for (const feature of hashes.subarray(0, length)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return counts;
}
