import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Brand, brandSchema } from "../../src/engine/knowledge-schema.js";
import { readYamlFile } from "../../src/engine/yaml-file.js";

/** The shipped knowledge base. */
export const KNOWLEDGE_DIR = "knowledge";

/** The shipped brand.yaml alone (loading the whole knowledge base for it parses every FAQ file). */
export function shippedBrand(): Brand {
  return readYamlFile(join(KNOWLEDGE_DIR, "brand.yaml"), brandSchema).data;
}

/**
 * A private copy of knowledge/ that a test may break; `edit` rewrites one file, `remove` deletes
 * the copy. Edits that leave the example questions alone keep calibration.yaml valid, so a build
 * stays fast.
 */
export function knowledgeCopy(): { dir: string; edit(file: string, change: (text: string) => string): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "topay-knowledge-"));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  return {
    dir,
    edit: (file, change) => {
      const path = join(dir, file);
      writeFileSync(path, change(readFileSync(path, "utf8")));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
