import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { languageSchema } from "../conversation/model.js";
import { parseJsonLine } from "./jsonl.js";

/** Where the held-out questions live: never copied into knowledge/, so they measure unseen wording. */
export const EVAL_DIR = "test/fixtures/eval";

export const evalRowSchema = z.object({
  id: z.string().min(1),
  lang: languageSchema,
  text: z.string(),
  /** A topic id, or "OOS" for a question the knowledge base must not answer. */
  topic: z.string().min(1),
});
export type EvalRow = z.infer<typeof evalRowSchema>;

/** Every *.jsonl file of the eval set; a malformed line throws with its file and line number. */
export function readEvalSet(dir = EVAL_DIR): EvalRow[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return readFileSync(path, "utf8")
        .split("\n")
        .flatMap((line, i) => {
          if (line.trim() === "") return [];
          const parsed = evalRowSchema.safeParse(parseJsonLine(line));
          if (!parsed.success) throw new Error(`${relative(process.cwd(), path)}:${i + 1}: ${parsed.error.issues[0]?.message ?? "invalid row"}`);
          return [parsed.data];
        });
    });
}
