import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Knowledge } from "./knowledge.js";
import { Matcher, type MatcherSnapshot } from "./matcher.js";
import { TRAINING_DEFAULTS } from "./softmax.js";

/**
 * The trained matcher on disk. Training at start-up is most of the bot's start-up time (segmenting,
 * features and five epochs over ~12,000 examples, all on a cold JIT: ~0.8 s), and the same knowledge
 * always trains the same model: a restart, a new replica or a CLI run reuses it. The cache lives
 * outside knowledge/ (the bot watches that directory) and is rebuilt whenever its fingerprint no
 * longer matches: the examples, the synonyms, the training options and the engine's own source.
 */
export const DEFAULT_MODEL_CACHE = fileURLToPath(new URL("../../node_modules/.cache/topay-support-bot/matcher.bin", import.meta.url));

/** The modules whose code decides what training produces: an edit of any of them retrains. */
const MODEL_SOURCES = ["features.ts", "lexicon.ts", "matcher.ts", "normalize.ts", "phrase-trie.ts", "softmax.ts", "stem.ts", "traditional.ts", "vocabulary.ts", "model-cache.ts"];

const MAGIC = "topay-matcher-1\n";

const headerSchema = z.object({
  fingerprint: z.string(),
  labels: z.array(z.string()).min(1),
  lexicon: z.array(z.string()),
  /** Element counts of the arrays that follow the header, in this order. */
  keys: z.number().int().positive(),
  idf: z.number().int().nonnegative(),
});

/** Changes whenever anything the trained matcher depends on changes; undefined when the engine's source cannot be read (then nothing is cached). */
export function matcherFingerprint(knowledge: Knowledge): string | undefined {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(knowledge.examples.map((example) => [example.label, example.text])));
  hash.update(JSON.stringify([knowledge.synonyms, TRAINING_DEFAULTS]));
  const here = dirname(fileURLToPath(import.meta.url));
  try {
    for (const name of MODEL_SOURCES) hash.update(readFileSync(join(here, name)));
  } catch {
    return undefined;
  }
  return hash.digest("hex").slice(0, 16);
}

/** The cached matcher when the file holds this fingerprint; undefined when it is missing, stale or damaged. */
export function readCachedMatcher(path: string, fingerprint: string): Matcher | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.toString("latin1", 0, MAGIC.length) !== MAGIC || bytes.length < MAGIC.length + 4) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(bytes.toString("utf8", MAGIC.length + 4, headerEnd)));
  } catch {
    return undefined;
  }
  if (header.fingerprint !== fingerprint) return undefined;
  const classes = header.labels.length;
  const sizes = [header.keys * 4, header.keys * 4, header.idf * 8, header.idf * classes * 4, classes * 8];
  const body = align(headerEnd);
  if (bytes.length !== body + sizes.reduce((sum, size) => sum + size, 0)) return undefined;
  // Copies into fresh buffers: typed arrays need aligned offsets, and the file's buffer is then free.
  let at = body;
  const next = (size: number) => bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + (at += size));
  const [keys, values, idf, weights, bias] = sizes.map(next) as [ArrayBuffer, ArrayBuffer, ArrayBuffer, ArrayBuffer, ArrayBuffer];
  return Matcher.restore({
    labels: header.labels,
    lexicon: header.lexicon,
    vocabulary: { keys: new Int32Array(keys), values: new Int32Array(values), idf: new Float64Array(idf) },
    weights: new Float32Array(weights),
    bias: new Float64Array(bias),
  });
}

/** Writes the matcher for the next start; a write that fails leaves the previous file whole (rename). */
export function writeCachedMatcher(path: string, fingerprint: string, matcher: Matcher): void {
  const snapshot: MatcherSnapshot = matcher.snapshot();
  const { keys, values, idf } = snapshot.vocabulary;
  const header = Buffer.from(JSON.stringify({ fingerprint, labels: snapshot.labels, lexicon: snapshot.lexicon, keys: keys.length, idf: idf.length }));
  const prefix = Buffer.alloc(align(MAGIC.length + 4 + header.length));
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(header.length, MAGIC.length);
  header.copy(prefix, MAGIC.length + 4);
  const arrays = [keys, values, idf, snapshot.weights, snapshot.bias].map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([prefix, ...arrays]));
  renameSync(temporary, path);
}

function align(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

/** Where the matcher came from, and why the cache could not be written (the next start trains again). */
export interface MatcherSource {
  model: "cached" | "trained";
  cacheError?: string;
}

/** The matcher for this knowledge: from the cache at `path` when it matches, else trained and cached. null: no cache. */
export function cachedMatcher(knowledge: Knowledge, normalize: (text: string) => string, path: string | null): { matcher: Matcher } & MatcherSource {
  const fingerprint = path === null ? undefined : matcherFingerprint(knowledge);
  const cached = path !== null && fingerprint !== undefined ? readCachedMatcher(path, fingerprint) : undefined;
  if (cached) return { matcher: cached, model: "cached" };
  const matcher = Matcher.train(knowledge.examples, normalize);
  if (path === null || fingerprint === undefined) return { matcher, model: "trained" };
  try {
    writeCachedMatcher(path, fingerprint, matcher);
    return { matcher, model: "trained" };
  } catch (error) {
    return { matcher, model: "trained", cacheError: `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}
