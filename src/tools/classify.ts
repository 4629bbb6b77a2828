import { createInterface } from "node:readline";
import { z } from "zod";
import { loadConfig } from "../config.js";
import { loadEngine } from "../engine/build.js";
import { parseJsonLine } from "./jsonl.js";

const inputSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

/**
 * `npm run --silent classify`: JSONL questions on stdin -> one JSONL classification per question on
 * stdout (shared/eval/FORMAT.md). Nothing else goes to stdout; a bad line is reported on stderr
 * with its number, skipped, and makes the exit code 1.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { engine } = loadEngine(config.KNOWLEDGE_DIR, undefined, { modelCache: config.MODEL_CACHE });
  let lineNumber = 0;
  let bad = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === "") continue;
    const parsed = inputSchema.safeParse(parseJsonLine(line));
    if (!parsed.success) {
      bad++;
      process.stderr.write(`classify: line ${lineNumber}: expects {"id": ..., "text": "..."}\n`);
      continue;
    }
    const { action, topic, confidence } = engine.classify(parsed.data.text);
    process.stdout.write(`${JSON.stringify({ id: parsed.data.id, action, topic, confidence: Math.round(confidence * 10_000) / 10_000 })}\n`);
  }
  if (bad > 0) process.exitCode = 1;
}

await main();
