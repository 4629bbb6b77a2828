import { stem } from "./stem.js";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const HAN_RUN = /\p{Script=Han}+/gu;
/** Below U+2E80 nothing is Han: enough to drop the segmenter's Latin words and numbers. */
const FIRST_HAN = 0x2e80;
const LATIN_WORD = /[a-z0-9]+/g;
const DIGITS = /^\d+$/;

/** Feature kinds, mixed into each hash so a Chinese bigram never collides with an English stem. */
const enum Kind {
  ChineseWord = 1,
  Char1,
  Char2,
  Char3,
  Stem,
  StemPair,
  Gram3,
  Gram4,
  Number,
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_START = 0x5e; // "^"
const WORD_END = 0x24; // "$"
const PAIR_JOIN = 0x5f; // "_"

/** 30 bits: V8 keeps such integers unboxed (Smi), so the vocabulary lookups allocate nothing. */
const SMI_MASK = 0x3fffffff;

/**
 * The features of one normalised message, as 30-bit hashes (no strings to build and look up: the
 * matcher stays well under 0.1 ms per message). Chinese: words from Intl.Segmenter plus character
 * uni/bi/trigrams, so segmentation errors and typos still share n-grams. English: stems, stem pairs
 * and character 3- and 4-grams inside each word (catch "refnd", "pasword").
 */
export function extractFeatures(normalized: string): number[] {
  const features: number[] = [];
  const runs = normalized.match(HAN_RUN);
  if (runs) {
    // The segmenter is the slow part (a fixed cost per call): once per message, Chinese words only.
    for (const { segment, isWordLike } of segmenter.segment(normalized)) {
      if (isWordLike && segment.charCodeAt(0) >= FIRST_HAN) features.push(hashText(start(Kind.ChineseWord), segment));
    }
    for (const run of runs) addCharGrams(run, features);
  }
  const words = normalized.match(LATIN_WORD);
  if (words) addEnglish(words, features);
  for (let i = 0; i < features.length; i++) features[i] = (features[i] as number) & SMI_MASK;
  return features;
}

function start(kind: Kind): number {
  return Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
}

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function hashText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = mix(hash, text.charCodeAt(i));
  return hash;
}

function addCharGrams(run: string, features: number[]): void {
  for (let i = 0; i < run.length; i++) {
    const a = run.charCodeAt(i);
    features.push(mix(start(Kind.Char1), a));
    if (i + 1 >= run.length) continue;
    const b = run.charCodeAt(i + 1);
    features.push(mix(mix(start(Kind.Char2), a), b));
    if (i + 2 < run.length) features.push(mix(mix(mix(start(Kind.Char3), a), b), run.charCodeAt(i + 2)));
  }
}

function addEnglish(words: string[], features: number[]): void {
  let previous: string | undefined;
  for (const word of words) {
    if (DIGITS.test(word)) {
      // Amounts and order numbers vary; that a number is there is the signal.
      features.push(start(Kind.Number));
      previous = undefined;
      continue;
    }
    const stemmed = stem(word);
    features.push(hashText(start(Kind.Stem), stemmed));
    if (previous !== undefined) features.push(hashText(mix(hashText(start(Kind.StemPair), previous), PAIR_JOIN), stemmed));
    previous = stemmed;
    if (word.length >= 4) {
      addWordGrams(word, 3, start(Kind.Gram3), features);
      addWordGrams(word, 4, start(Kind.Gram4), features);
    }
  }
}

/** n-grams of "^word$" without building the padded string. */
function addWordGrams(word: string, n: number, seed: number, features: number[]): void {
  for (let first = -1; first + n <= word.length + 1; first++) {
    let hash = seed;
    for (let k = first; k < first + n; k++) hash = mix(hash, k < 0 ? WORD_START : k >= word.length ? WORD_END : word.charCodeAt(k));
    features.push(hash);
  }
}
