import { createRequire } from "node:module";
import { type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { loadConfig } from "../../src/config.js";
import { languageSchema } from "../../src/conversation/model.js";
import { loadEngine } from "../../src/engine/build.js";
import { loadKnowledge, OUT_OF_SCOPE } from "../../src/engine/knowledge.js";
import { detectLanguage } from "../../src/engine/language.js";
import { Normalizer } from "../../src/engine/normalize.js";
import type { Classification } from "../../src/engine/types.js";
import { type EvalRow, readEvalSet } from "../../src/tools/eval-set.js";
import { accuracyOf, headline, percent, type Score, scoreByLanguage } from "../../src/tools/scoring.js";
import { Bm25Neighbour } from "./bm25.js";
import { median, quantile } from "./quantile.js";

/**
 * `npm run bench -- engine`: our engine against nlp.js (node-nlp, its defaults, trained on the
 * same knowledge/ examples with out of scope as its "None" intent) and against BM25 nearest
 * neighbour, on the held-out eval set, in one process: scores, throughput, p50/p99 latency, ratios.
 */

/** The part of node-nlp's NlpManager we use (the package ships no types). */
interface NlpManager {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<{ intent?: string; score: number }>;
  /** Internals, only to empty its per-utterance caches between timed passes (see nlpJs). */
  nlp: { nluManager: { domainManagers: Record<string, { domains: Record<string, { cache?: { results: object } }> }> } };
  container: { get(name: string): { cache?: object } | undefined };
}

interface Run {
  name: string;
  results: Classification[];
  /** Per round: the questions of its turns over the time spent answering them. */
  perSecond: number[];
  p50Ms: number;
  p99Ms: number;
  buildMs: number;
  /** Garbage-collection pauses that began in its turns, whoever left the garbage, and the time of its turns. */
  gcMs: number;
  turnsMs: number;
}

/** An engine under test: `beforePass`, called as it starts each pass, forgets what an earlier pass over the same texts left behind. */
interface Contender {
  name: string;
  buildMs: number;
  classify: (text: string) => Classification | Promise<Classification>;
  beforePass?: () => void;
}

/**
 * The engines take turns of TURN_MS each, every engine going round the eval set at its own pace
 * from where its last turn stopped; a round lasts until every engine has gone through the whole set
 * at least once, and an engine's throughput in a round is the questions of its turns over the time
 * spent answering them (the bench's own bookkeeping and `beforePass` are left out).
 *
 * Why turns of equal time: this machine's speed drifts over seconds (a busy neighbour), so whole
 * passes taken in turn met different conditions (round ratios from 3x to 12x); turns of tens of
 * milliseconds share them closely. And an engine needs a few milliseconds to get back up to speed
 * after anything else has run: 30 ms of sleep, of arithmetic or of reading 64 MB before each 480
 * questions of ours made its first eight 2-3x slower and the next hundreds 10-30% slower. Chunks of the
 * same 480 questions for every engine gave ours ~3 ms of each 33 and nlp.js ~30: that cost fell ten
 * times as heavily on ours (~6 µs a question alone, ~10 µs in such chunks). Turns of equal time
 * charge it to every engine alike. Garbage collection they cannot share out: a pause lands in
 * whichever turn the heap fills, so each engine's report says how much landed in its turns.
 *
 * Each engine's throughput is its median round; the ratio is the median of the ratios of the same round.
 */
const ROUNDS = 7;
const TURN_MS = 50;
const LANGUAGES = languageSchema.options;

/** One engine's way round the eval set: where it is, and what its turns measured. */
class Lane {
  private readonly run: Run;
  /** The question it answers next. */
  private next = 0;
  /** Questions answered and time spent answering them, this round. */
  private answered = 0;
  private answeringMs = 0;
  private readonly latencies: number[] = [];
  /** Start and end of every turn, in pairs. */
  private readonly turns: number[] = [];

  constructor(
    private readonly contender: Contender,
    private readonly rows: readonly EvalRow[],
  ) {
    const { name, buildMs } = contender;
    this.run = { name, buildMs, results: [], perSecond: [], p50Ms: 0, p99Ms: 0, gcMs: 0, turnsMs: 0 };
  }

  /** Whether it has been through the whole set this round. */
  get lapped(): boolean {
    return this.answered >= this.rows.length;
  }

  /** `scoring`: the first round, whose first pass is the one scored (every engine starts it at question 0). */
  async takeTurn(scoring: boolean): Promise<void> {
    const { classify, beforePass } = this.contender;
    const started = performance.now();
    let now = started;
    while (now - started < TURN_MS) {
      if (this.next === 0) beforePass?.();
      const row = this.next;
      const asked = performance.now();
      // Only nlp.js answers with a promise; awaiting a plain value would charge our engine a microtask.
      const result = classify((this.rows[row] as EvalRow).text);
      const settled = result instanceof Promise ? await result : result;
      now = performance.now();
      this.latencies.push(now - asked);
      this.answeringMs += now - asked;
      if (scoring && !this.lapped) this.run.results[row] = settled;
      this.next = (row + 1) % this.rows.length;
      this.answered++;
    }
    this.turns.push(started, now);
  }

  endRound(): void {
    this.run.perSecond.push(this.answered / (this.answeringMs / 1000));
    this.answered = 0;
    this.answeringMs = 0;
  }

  /** Its run, with latencies, and the garbage collections of `collections` that began in its turns. */
  finish(collections: readonly PerformanceEntry[]): Run {
    const sorted = this.latencies.sort((a, b) => a - b);
    this.run.p50Ms = quantile(sorted, 0.5);
    this.run.p99Ms = quantile(sorted, 0.99);
    for (let k = 0; k < this.turns.length; k += 2) {
      const from = this.turns[k] as number;
      const to = this.turns[k + 1] as number;
      this.run.turnsMs += to - from;
      for (const { startTime, duration } of collections) if (startTime >= from && startTime < to) this.run.gcMs += duration;
    }
    return this.run;
  }
}

async function timeRuns(contenders: readonly Contender[], rows: readonly EvalRow[], warmUp: readonly string[]): Promise<Run[]> {
  // Untimed first, on other texts than the timed ones, so the JIT has compiled the hot paths.
  for (const { classify } of contenders) for (const text of warmUp) await classify(text);
  const lanes = contenders.map((contender) => new Lane(contender, rows));
  const collections: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  for (let round = 0; round < ROUNDS; round++) {
    while (lanes.some((lane) => !lane.lapped)) for (const lane of lanes) await lane.takeTurn(round === 0);
    for (const lane of lanes) lane.endRound();
  }
  // Entries arrive with a timer tick, not before.
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  return lanes.map((lane) => lane.finish(collections));
}

async function nlpJs(dir: string): Promise<Contender> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require("node-nlp") as { NlpManager: new (settings: object) => NlpManager };
  const started = performance.now();
  const manager = new NlpManager({ languages: LANGUAGES, autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const example of loadKnowledge(dir).examples) {
    manager.addDocument(example.language, example.text, example.label === OUT_OF_SCOPE ? "None" : example.label);
  }
  await manager.train();
  const buildMs = performance.now() - started;
  return {
    name: "nlp.js",
    buildMs,
    classify: async (text) => {
      const result = await manager.process(detectLanguage(text), text);
      const intent = result.intent;
      return intent === "None" || !intent ? { action: "fallback", topic: null, confidence: result.score } : { action: "answer", topic: intent, confidence: result.score };
    },
    // nlp.js keeps, for an hour, the result of every utterance it has classified and, in each language's
    // tokenizer, its tokens (for Chinese, a dictionary segmentation): a later pass over the same texts
    // would skip most of its work, which new questions never do. Each pass starts without them. Its
    // stemmer's per-word cache stays, as our engine's per-word cache does.
    beforePass: () => {
      for (const domains of Object.values(manager.nlp.nluManager.domainManagers)) {
        for (const nlu of Object.values(domains.domains)) if (nlu.cache) nlu.cache.results = {};
      }
      for (const language of LANGUAGES) {
        const tokenizer = manager.container.get(`tokenizer-${language}`);
        if (tokenizer) tokenizer.cache = undefined;
      }
    },
  };
}

async function main(): Promise<void> {
  const dir = loadConfig().KNOWLEDGE_DIR;
  const rows = readEvalSet();
  let started = performance.now();
  // No model cache: our build is measured training, as nlp.js's and BM25's are.
  const { engine } = loadEngine(dir, undefined, { modelCache: null });
  const ourBuildMs = performance.now() - started;
  started = performance.now();
  const knowledge = loadKnowledge(dir);
  const normalizer = new Normalizer(knowledge.synonyms);
  const bm25 = new Bm25Neighbour(knowledge.examples, (text) => normalizer.normalize(text));
  const bm25BuildMs = performance.now() - started;
  const nlp = await nlpJs(dir);

  const warmUp = knowledge.examples.map((example) => example.text);
  const runs = await timeRuns(
    [
      { name: "ours", buildMs: ourBuildMs, classify: (text) => engine.classify(text) },
      { name: "bm25-nn", buildMs: bm25BuildMs, classify: (text) => bm25.classify(text) },
      nlp,
    ],
    rows,
    warmUp,
  );
  console.log(`\neval set: ${rows.length} held-out questions (${rows.filter((row) => row.topic === OUT_OF_SCOPE).length} out of scope), ${ROUNDS} timed rounds, turns of ${TURN_MS} ms\n`);
  for (const run of runs) {
    const perSecond = run.perSecond.map((value) => value.toFixed(0));
    console.log(
      `${run.name}: build ${run.buildMs.toFixed(0)} ms, ${median(run.perSecond).toFixed(0)} questions/s (rounds ${perSecond.join(", ")}), ` +
        `p50 ${run.p50Ms.toFixed(3)} ms, p99 ${run.p99Ms.toFixed(3)} ms (every timed question), ` +
        `garbage collection in its turns ${run.gcMs.toFixed(0)} ms (${percent(run.gcMs / run.turnsMs)} of them)`,
    );
    for (const [label, result] of scoreByLanguage(rows, run.results)) console.log(`  ${label.padEnd(3)} ${headline(result)}`);
  }
  const [ours, , theirs] = runs as [Run, Run, Run];
  const ourScores = new Map(scoreByLanguage(rows, ours.results));
  const theirScores = new Map(scoreByLanguage(rows, theirs.results));
  console.log("\nours vs nlp.js:");
  const ratios = ours.perSecond.map((perSecond, round) => perSecond / (theirs.perSecond[round] as number));
  const range = `${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}`;
  console.log(`  throughput x${median(ratios).toFixed(1)} (median of ${ROUNDS} rounds, ${range}), p50 latency x${(theirs.p50Ms / ours.p50Ms).toFixed(1)} lower, p99 latency x${(theirs.p99Ms / ours.p99Ms).toFixed(1)} lower`);
  for (const label of ["zh", "en", "all"] as const) {
    const a = ourScores.get(label) as Score;
    const b = theirScores.get(label) as Score;
    console.log(
      `  ${label.padEnd(3)} in-scope accuracy ${accuracyOf(a)} vs ${accuracyOf(b)} (${signed(a.accuracy - b.accuracy)}), ` +
        `wrong answers ${percent(a.wrongRate)} vs ${percent(b.wrongRate)} (${signed(a.wrongRate - b.wrongRate)})`,
    );
  }
}

function signed(delta: number): string {
  return `${delta >= 0 ? "+" : ""}${(delta * 100).toFixed(1)} pts`;
}

await main();
