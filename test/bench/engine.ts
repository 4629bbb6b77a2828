import { createRequire } from "node:module";
import { loadConfig } from "../../src/config.js";
import { loadEngine } from "../../src/engine/build.js";
import { loadKnowledge, OUT_OF_SCOPE } from "../../src/engine/knowledge.js";
import { detectLanguage } from "../../src/engine/language.js";
import { Normalizer } from "../../src/engine/normalize.js";
import type { Classification } from "../../src/engine/types.js";
import { type EvalRow, readEvalSet } from "../../src/tools/eval-set.js";
import { headline, percent, type Score, scoreByLanguage } from "../../src/tools/scoring.js";
import { Bm25Neighbour } from "./bm25.js";

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
}

interface Run {
  name: string;
  results: Classification[];
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  buildMs: number;
}

async function timeRun(
  name: string,
  buildMs: number,
  rows: readonly EvalRow[],
  warmUp: readonly string[],
  classify: (text: string) => Classification | Promise<Classification>,
): Promise<Run> {
  // Untimed first, on other texts than the timed ones: the JIT compiles the hot paths, and nlp.js,
  // which caches its work per utterance, gets no cache hit in the timed pass.
  for (const text of warmUp) await classify(text);
  const latencies: number[] = [];
  const results: Classification[] = [];
  const started = performance.now();
  for (const row of rows) {
    const t = performance.now();
    // Only nlp.js answers with a promise; awaiting a plain value would charge our engine a microtask.
    const result = classify(row.text);
    results.push(result instanceof Promise ? await result : result);
    latencies.push(performance.now() - t);
  }
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return { name, results, perSecond: latencies.length / elapsedS, p50Ms: at(0.5), p99Ms: at(0.99), buildMs };
}

async function nlpJs(dir: string): Promise<{ classify: (text: string) => Promise<Classification>; buildMs: number }> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require("node-nlp") as { NlpManager: new (settings: object) => NlpManager };
  const started = performance.now();
  const manager = new NlpManager({ languages: ["zh", "en"], autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const example of loadKnowledge(dir).examples) {
    manager.addDocument(example.language, example.text, example.label === OUT_OF_SCOPE ? "None" : example.label);
  }
  await manager.train();
  const buildMs = performance.now() - started;
  return {
    buildMs,
    classify: async (text) => {
      const result = await manager.process(detectLanguage(text), text);
      const intent = result.intent;
      return intent === "None" || !intent ? { action: "fallback", topic: null, confidence: result.score } : { action: "answer", topic: intent, confidence: result.score };
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
  const runs = [
    await timeRun("ours", ourBuildMs, rows, warmUp, (text) => engine.classify(text)),
    await timeRun("bm25-nn", bm25BuildMs, rows, warmUp, (text) => bm25.classify(text)),
    await timeRun("nlp.js", nlp.buildMs, rows, warmUp, nlp.classify),
  ];
  console.log(`\neval set: ${rows.length} held-out questions (${rows.filter((row) => row.topic === OUT_OF_SCOPE).length} out of scope)\n`);
  for (const run of runs) {
    console.log(`${run.name}: build ${run.buildMs.toFixed(0)} ms, ${run.perSecond.toFixed(0)} questions/s, p50 ${run.p50Ms.toFixed(3)} ms, p99 ${run.p99Ms.toFixed(3)} ms`);
    for (const [label, result] of scoreByLanguage(rows, run.results)) console.log(`  ${label.padEnd(3)} ${headline(result)}`);
  }
  const [ours, , theirs] = runs as [Run, Run, Run];
  const ourScores = new Map(scoreByLanguage(rows, ours.results));
  const theirScores = new Map(scoreByLanguage(rows, theirs.results));
  console.log("\nours vs nlp.js:");
  console.log(`  throughput x${(ours.perSecond / theirs.perSecond).toFixed(1)}, p50 latency x${(theirs.p50Ms / ours.p50Ms).toFixed(1)} lower, p99 latency x${(theirs.p99Ms / ours.p99Ms).toFixed(1)} lower`);
  for (const label of ["zh", "en", "all"] as const) {
    const a = ourScores.get(label) as Score;
    const b = theirScores.get(label) as Score;
    console.log(
      `  ${label.padEnd(3)} in-scope accuracy ${percent(a.accuracy)} vs ${percent(b.accuracy)} (${signed(a.accuracy - b.accuracy)}), ` +
        `wrong answers ${percent(a.wrongRate)} vs ${percent(b.wrongRate)} (${signed(a.wrongRate - b.wrongRate)})`,
    );
  }
}

function signed(delta: number): string {
  return `${delta >= 0 ? "+" : ""}${(delta * 100).toFixed(1)} pts`;
}

await main();
