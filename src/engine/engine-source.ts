import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The modules whose code decides what training produces. */
export const MODEL_SOURCES = ["features.ts", "lexicon.ts", "matcher.ts", "normalize.ts", "phrase-trie.ts", "random.ts", "softmax.ts", "stem.ts", "traditional.ts", "vocabulary.ts"];

/** Those, and the modules whose code decides which thresholds cross-validation chooses. */
export const CALIBRATION_SOURCES = [...MODEL_SOURCES, "cross-validation.ts", "thresholds.ts", "calibration.ts"];

const hashes = new Map<readonly string[], string>();

/**
 * sha256 of these modules' source (in src/engine), read once per list: the code running in this
 * process does not change. Throws when a module cannot be read.
 */
export function sourceHash(modules: readonly string[]): string {
  let hash = hashes.get(modules);
  if (hash === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    const sha = createHash("sha256");
    for (const name of modules) sha.update(readFileSync(join(here, name)));
    hash = sha.digest("hex");
    hashes.set(modules, hash);
  }
  return hash;
}
