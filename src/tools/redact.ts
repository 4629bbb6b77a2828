import { once } from "node:events";
import { createInterface } from "node:readline";
import { redact } from "../safety/redact.js";

/**
 * `npm run --silent redact < bot.log > bot.redacted.log`: every line of stdin, redacted, one line
 * out per line in, streamed, so an operator can check (or clean) a log file of any size.
 */
async function main(): Promise<void> {
  // Piped into `head`: the reader left, which is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!process.stdout.write(`${redact(line).text}\n`)) await once(process.stdout, "drain");
  }
}

await main();
