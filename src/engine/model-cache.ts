import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { errorCode } from "../errors.js";
import { MODEL_SOURCES, sourceHash } from "./engine-source.js";
import { recordsFit } from "./feature-table.js";
import { fingerprintOf, type Knowledge } from "./knowledge.js";
import { Matcher } from "./matcher.js";

/**
 * The trained matcher on disk. Training at start-up is most of the bot's start-up time (segmenting,
 * features and five epochs over every example, all on a cold JIT: ~0.7 s), and the same knowledge
 * on the same runtime always trains the same model: a restart, a new replica or a CLI run reuses it.
 * The cache lives outside knowledge/ (the bot watches that directory) and is trained again whenever
 * its fingerprint no longer matches: the examples, the synonyms, the engine's own source (training
 * options included) and the Node/ICU/Unicode versions (Intl.Segmenter and NFKC shape the features).
 */
export const DEFAULT_MODEL_CACHE = fileURLToPath(new URL("../../node_modules/.cache/topay-support-bot/matcher.bin", import.meta.url));

/** An edit of any of these retrains: the modules that decide what training produces, and the file's layout. */
const CACHE_SOURCES = [...MODEL_SOURCES, "model-cache.ts"];

const MAGIC = "topay-matcher-4\n";

const headerSchema = z.strictObject({
  fingerprint: z.string(),
  /** sha256 of everything after the header: a damaged file is trained again, never served. */
  checksum: z.string(),
  labels: z.array(z.string()).min(1),
  lexicon: z.array(z.string()),
  /** Int32 units of the feature table's records, which follow the header; then one bias per label. */
  records: z.number().int().positive(),
});

/** Where the matcher came from, and why the cache could not be used (the next start trains again). */
export interface MatcherSource {
  model: "cached" | "trained";
  cacheError?: string;
}

/**
 * The matcher for this knowledge: from the cache at `path` when it matches, else from `train()`, then
 * cached. null: no cache.
 */
export function cachedMatcher(knowledge: Knowledge, train: () => Matcher, path: string | null): { matcher: Matcher } & MatcherSource {
  let fingerprint: string | undefined;
  let cacheError: string | undefined;
  try {
    fingerprint = path === null ? undefined : matcherFingerprint(knowledge);
  } catch (error) {
    cacheError = `engine source unreadable: ${errorCode(error)}`;
  }
  const cached = fingerprint !== undefined && path !== null ? readCachedMatcher(path, fingerprint) : undefined;
  if (cached) return { matcher: cached, model: "cached" };
  const matcher = train();
  if (path !== null && fingerprint !== undefined) {
    try {
      writeCachedMatcher(path, fingerprint, matcher);
    } catch (error) {
      cacheError = `${path}: ${errorCode(error)}`;
    }
  }
  return { matcher, model: "trained", ...(cacheError ? { cacheError } : {}) };
}

function matcherFingerprint(knowledge: Knowledge): string {
  const { node, icu, unicode } = process.versions;
  return fingerprintOf(knowledge, JSON.stringify([node, icu, unicode, sourceHash(CACHE_SOURCES)]));
}

/** The cached matcher when the file holds this fingerprint and is whole; undefined when it is missing, stale or damaged. */
function readCachedMatcher(path: string, fingerprint: string): Matcher | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
  const bodyStart = MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length);
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(bytes.toString("utf8", MAGIC.length + 4, bodyStart)));
  } catch {
    return undefined;
  }
  if (header.fingerprint !== fingerprint) return undefined;
  const body = bytes.subarray(bodyStart);
  const classes = header.labels.length;
  const sizes = [header.records * 4, classes * 8];
  if (body.length !== sizes.reduce((sum, size) => sum + size, 0) || !recordsFit(header.records, classes)) return undefined;
  if (createHash("sha256").update(body).digest("hex") !== header.checksum) return undefined;
  // Copies into buffers of their own: a typed array needs an aligned offset, which the file does not promise.
  let at = 0;
  const next = (size: number) => body.buffer.slice(body.byteOffset + at, body.byteOffset + (at += size));
  const [records, bias] = sizes.map(next) as [ArrayBuffer, ArrayBuffer];
  return Matcher.restore({ labels: header.labels, lexicon: header.lexicon, table: { records: new Int32Array(records), bias: new Float64Array(bias) } });
}

/** Writes the matcher for the next start. Written aside, then renamed: a reader sees the old file or the new one, whole. */
function writeCachedMatcher(path: string, fingerprint: string, matcher: Matcher): void {
  const snapshot = matcher.snapshot();
  const { records, bias } = snapshot.table;
  const body = Buffer.concat([records, bias].map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)));
  const checksum = createHash("sha256").update(body).digest("hex");
  const header = Buffer.from(JSON.stringify({ fingerprint, checksum, labels: snapshot.labels, lexicon: snapshot.lexicon, records: records.length }));
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(header.length, MAGIC.length);
  mkdirSync(dirname(path), { recursive: true });
  // A name of its own per writer: two replicas sharing the directory (both pid 1 in containers) never mix their bytes.
  const aside = `${path}.${randomUUID()}.tmp`;
  try {
    writeFileSync(aside, Buffer.concat([prefix, header, body]), { flag: "wx" });
    renameSync(aside, path);
  } finally {
    rmSync(aside, { force: true });
  }
}
