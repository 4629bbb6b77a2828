import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The modules whose code decides what training produces. */
export const MODEL_SOURCES = ["feature-table.ts", "features.ts", "lexicon.ts", "matcher.ts", "normalize.ts", "phrase-trie.ts", "random.ts", "softmax.ts", "stem.ts", "traditional.ts"];

/** Those, and the modules whose code decides which thresholds cross-validation chooses. */
export const CALIBRATION_SOURCES = [...MODEL_SOURCES, "cross-validation.ts", "thresholds.ts", "calibration.ts"];

const HERE = dirname(fileURLToPath(import.meta.url));

/** Per module: the sha256 of its source. Each file is read once per process, whichever lists name it. */
const digests = new Map<string, string>();

/**
 * sha256 of these modules' source (in src/engine): the code running in this process does not change,
 * so each file is read once however many fingerprints name it. Throws when a module cannot be read.
 */
export function sourceHash(modules: readonly string[]): string {
  const sha = createHash("sha256");
  for (const name of modules) {
    let digest = digests.get(name);
    if (digest === undefined) {
      digest = createHash("sha256").update(readFileSync(join(HERE, name))).digest("hex");
      digests.set(name, digest);
    }
    sha.update(digest);
  }
  return sha.digest("hex");
}
