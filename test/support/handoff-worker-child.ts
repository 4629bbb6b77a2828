/**
 * A handoff worker in a process of its own, for tests that kill it (SIGKILL) mid-job.
 * argv: redis url, key prefix, fake Slack API url. Prints "ready" once it takes jobs.
 */
import { Redis } from "ioredis";
import pino from "pino";
import { SlackStaff } from "../../adapters/slack/index.js";
import { HandoffQueue } from "../../src/handoff/queue.js";
import { HandoffRecords } from "../../src/handoff/record.js";
import { createHandoffWorker } from "../../src/handoff/worker.js";

const [redisUrl, prefix, slackUrl, channel] = process.argv.slice(2) as [string, string, string, string];
const log = pino({ level: "silent" });
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const records = new HandoffRecords(connection, { prefix, ttlMs: 60 * 60_000 });
const queue = new HandoffQueue({ connection, prefix: `${prefix}bull`, remindAfterMs: 60 * 60_000, escalateAfterMs: 2 * 60 * 60_000 });
const slack = new SlackStaff({ token: "xoxb-test", apiUrl: slackUrl, channel, allowlist: [], log });
const worker = createHandoffWorker({
  connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
  prefix: `${prefix}bull`,
  records,
  queue,
  surface: slack.surface,
  log,
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
});
await worker.waitUntilReady();
process.stdout.write("ready\n");
