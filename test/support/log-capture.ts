import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../src/log.js";

/**
 * The bot's own logger (createLogger: every string redacted) writing JSON lines into memory, so a
 * test can read exactly what an operator's log file would hold.
 */
export function captureLog(level = "trace"): { log: Logger; output: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    log: createLogger(level, false, sink),
    output: () => chunks.join(""),
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}
