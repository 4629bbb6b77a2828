import type { ChineseLexicon } from "./lexicon.js";
import { stem } from "./stem.js";

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+/g;
const DIGITS = /^\d+$/;

/** Feature kinds, mixed into each hash so a Chinese bigram never collides with an English stem. */
const enum Kind {
  ChineseWord = 1,
  Char1,
  Char2,
  // 4 was character trigrams: cross-validation cost 0.1683 with them, 0.1670 without, and a message
  // scores ~6% faster. The later kinds keep their numbers, so their hashes stay as they were.
  Stem = 5,
  StemPair,
  Gram4,
  Number,
  Length,
  Boundary,
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_START = 0x5e; // "^"
const WORD_END = 0x24; // "$"
const PAIR_JOIN = 0x5f; // "_"
const SPACE = 0x20;
/** Stands for any number in the boundary grams (see BoundaryGrams), as Kind.Number does for the word. */
const NUMBER_MARK = "#";

const SMI_MASK = 0x3fffffff;

/** A growable list of feature hashes: the matcher reuses one for every message it scores. */
export class FeatureList {
  length = 0;

  constructor(public hashes = new Int32Array(256)) {}

  push(hash: number): void {
    if (this.length === this.hashes.length) {
      const grown = new Int32Array(Math.max(256, this.hashes.length * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    // 30 bits: V8 keeps such integers unboxed (Smi), so the feature-table lookups allocate nothing.
    this.hashes[this.length++] = hash & SMI_MASK;
  }

  /** The hashes as an array of their own (the word cache keeps one per word). */
  copy(): Int32Array<ArrayBuffer> {
    return this.hashes.slice(0, this.length);
  }

  /**
   * A list of its own, exactly as long as this one: training keeps one per example, and lists of
   * 256 slots each took 19 MB for 18,596 examples where exact ones take a few; a cold build then
   * spends ~50 ms less learning the feature table and training (less garbage collection).
   */
  compact(): FeatureList {
    const list = new FeatureList(this.copy());
    list.length = this.length;
    return list;
  }
}

/**
 * The features of one normalised message, as 30-bit hashes (no strings to build and look up: the
 * matcher stays well under 0.1 ms per message), written into `features` (emptied first: the matcher
 * reuses one list for every message).
 * Chinese: words (see ChineseLexicon) plus single characters and character pairs, so segmentation
 * errors and typos still share n-grams, and the edges of each run (see addCharGrams). English: stems,
 * stem pairs, character 4-grams inside each word (catch "refnd", "pasword") and across the
 * boundaries between words (see BoundaryGrams).
 */
export function extractFeatures(normalized: string, lexicon: ChineseLexicon, features: FeatureList): FeatureList {
  features.length = 0;
  const runs = normalized.match(HAN_RUN);
  if (runs) {
    for (const run of runs) {
      for (let at = 0; at < run.length; ) {
        const end = lexicon.wordEnd(run, at);
        features.push(hashText(start(Kind.ChineseWord), run, at, end));
        at = end;
      }
      addCharGrams(run, features);
    }
  }
  const words = normalized.match(LATIN_WORD);
  if (words) addEnglish(words, features);
  return features;
}

/**
 * What the matcher reads: the message's features (extractFeatures), then one for how many there are.
 * How much a message says matters to how sure the model may be: a fragment and a long story deserve
 * different confidence (cross-validation cost 0.1610 -> 0.1604; lower by 0.0006-0.0018 with each of
 * three shuffle seeds). A message with no features at all (emoji, another script) gets none: it
 * then scores on the class priors alone and falls back without a suggestion, as before.
 */
export function matcherFeatures(normalized: string, lexicon: ChineseLexicon, features: FeatureList): FeatureList {
  extractFeatures(normalized, lexicon, features);
  if (features.length > 0) features.push(mix(start(Kind.Length), countBucket(features.length)));
  return features;
}

/** 0 below 8 features, then one bucket per doubling, the last from 64 on. */
function countBucket(count: number): number {
  return count < 8 ? 0 : count < 16 ? 1 : count < 32 ? 2 : count < 64 ? 3 : 4;
}

function start(kind: Kind): number {
  return Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
}

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a of a whole text (cross-validation seeds each topic's folds with its label's). */
export function fnv1a(text: string): number {
  return hashText(FNV_OFFSET, text);
}

/** `hash` mixed with text[from, to): the whole text by default. */
function hashText(hash: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) hash = mix(hash, text.charCodeAt(i));
  return hash;
}

/**
 * Single characters and pairs, with the run's edges as pairs too ("^退", "吗$"): how a phrase starts
 * and ends says much of what it asks (cross-validation cost 0.1538 -> 0.1513 with the boundary grams
 * of BoundaryGrams in place).
 */
function addCharGrams(run: string, features: FeatureList): void {
  features.push(mix(mix(start(Kind.Char2), WORD_START), run.charCodeAt(0)));
  for (let i = 0; i < run.length; i++) {
    const a = run.charCodeAt(i);
    features.push(mix(start(Kind.Char1), a));
    features.push(mix(mix(start(Kind.Char2), a), i + 1 < run.length ? run.charCodeAt(i + 1) : WORD_END));
  }
}

/** The features an English word brings by itself, and what it lends to a pair with the next word. */
interface WordFeatures {
  /** Its stem; undefined for a number (a pair never spans one). */
  stemmed: string | undefined;
  /** The pair hash state after this word: the next word's stem is hashed on from here. */
  pairLeft: number;
  own: Int32Array;
}

/**
 * Words repeat from message to message (Zipf): stemming and hashing each word once saves most of
 * the work on English. Cleared when full, so a flood of random words cannot grow it without bound.
 */
const wordCache = new Map<string, WordFeatures>();
const MAX_CACHED_WORDS = 50_000;
const wordScratch = new FeatureList();

function addEnglish(words: string[], features: FeatureList): void {
  let previous: WordFeatures | undefined;
  boundaryGrams.start();
  for (const word of words) {
    let cached = wordCache.get(word);
    if (!cached) {
      if (wordCache.size >= MAX_CACHED_WORDS) wordCache.clear();
      cached = wordFeatures(word);
      wordCache.set(word, cached);
    }
    for (let k = 0; k < cached.own.length; k++) features.push(cached.own[k] as number);
    if (previous?.stemmed !== undefined && cached.stemmed !== undefined) features.push(hashText(previous.pairLeft, cached.stemmed));
    boundaryGrams.word(cached.stemmed === undefined ? NUMBER_MARK : word, features);
    previous = cached;
  }
  boundaryGrams.end(features);
}

/**
 * Boundary grams: the character 4-grams of the line "^ word word ... $" that span a space, the end of
 * a word with the start of the next ("y re" in "my refund") and how the message starts and ends
 * ("^ wh", "nd $"). They keep word order, and the start of the next word where a typo breaks a stem
 * pair ("my refnd" still gives "y re"). Cross-validation cost 0.1592 -> 0.1538 with the edges ("^",
 * "$"), 0.1572 without; 5-grams scored alike, 3-grams and 6-grams worse.
 *
 * The line is never built: its characters go one by one through a window of the last three, and of a
 * long word only the first two and the last two, the only ones a gram spanning a space can hold (the
 * grams joining them hold no space and are skipped). One instance serves every message (JavaScript is
 * single-threaded): a message allocates nothing for them.
 */
class BoundaryGrams {
  /** The last three characters fed, oldest first; -1 before the line starts. */
  private a = -1;
  private b = -1;
  private c = -1;

  start(): void {
    this.a = -1;
    this.b = -1;
    this.c = WORD_START;
  }

  word(word: string, features: FeatureList): void {
    this.feed(SPACE, features);
    if (word.length <= 4) {
      for (let i = 0; i < word.length; i++) this.feed(word.charCodeAt(i), features);
      return;
    }
    this.feed(word.charCodeAt(0), features);
    this.feed(word.charCodeAt(1), features);
    this.feed(word.charCodeAt(word.length - 2), features);
    this.feed(word.charCodeAt(word.length - 1), features);
  }

  end(features: FeatureList): void {
    this.feed(SPACE, features);
    this.feed(WORD_END, features);
  }

  private feed(code: number, features: FeatureList): void {
    const { a, b, c } = this;
    // Kept: a space second or third. Skipped: a gram that starts with a space (it says no more than
    // the one a character later) and one whose only space is last (one word's letters, which its
    // stem and 4-grams hold).
    if (a >= 0 && a !== SPACE && (b === SPACE || c === SPACE)) features.push(mix(mix(mix(mix(start(Kind.Boundary), a), b), c), code));
    this.a = b;
    this.b = c;
    this.c = code;
  }
}

const boundaryGrams = new BoundaryGrams();

function wordFeatures(word: string): WordFeatures {
  // Amounts and order numbers vary; that a number is there is the signal.
  if (DIGITS.test(word)) return { stemmed: undefined, pairLeft: 0, own: Int32Array.of(start(Kind.Number)) };
  const stemmed = stem(word);
  const own = wordScratch;
  own.length = 0;
  own.push(hashText(start(Kind.Stem), stemmed));
  // 4-grams only: cross-validation scored 3-grams as noise (cost 0.285 with them, 0.278 without).
  if (word.length >= 4) addWordGrams(word, own);
  return { stemmed, pairLeft: mix(hashText(start(Kind.StemPair), stemmed), PAIR_JOIN), own: own.copy() };
}

/** The 4-grams of "^word$" without building the padded string. */
function addWordGrams(word: string, features: FeatureList): void {
  for (let first = -1; first + 4 <= word.length + 1; first++) {
    let hash = start(Kind.Gram4);
    for (let k = first; k < first + 4; k++) hash = mix(hash, k < 0 ? WORD_START : k >= word.length ? WORD_END : word.charCodeAt(k));
    features.push(hash);
  }
}
