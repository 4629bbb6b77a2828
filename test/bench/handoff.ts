/**
 * `npm run bench -- handoff [count]`: handoffs per second and enqueue-to-card latency (p50/p99)
 * through the real desk, queue, worker and Slack client against the fake Slack, beside bare BullMQ
 * add-to-processed for the same number of jobs on the same Redis in the same run.
 */
import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { SlackStaff } from "../../adapters/slack/index.js";
import { newConversation } from "../../src/conversation/model.js";
import { ConversationStore } from "../../src/conversation/store.js";
import { startHandoffLoop } from "../../src/handoff/loop.js";
import { type LocalRedis, startLocalRedis } from "../../src/redis/local-server.js";
import { FakeSlack } from "../support/fake-slack.js";

const COUNT = Number(process.argv[3] ?? 1_000);
const log = pino({ level: "silent" });

interface Result {
  perSecond: number;
  p50: number;
  p99: number;
}

function summarize(startedAt: number[], doneAt: number[]): Result {
  const latencies = doneAt.map((done, i) => done - (startedAt[i] as number)).sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  const elapsedMs = Math.max(...doneAt) - Math.min(...startedAt);
  return { perSecond: (startedAt.length / elapsedMs) * 1000, p50: pick(0.5), p99: pick(0.99) };
}

async function ours(redisUrl: string): Promise<Result> {
  const prefix = `bench-${randomUUID()}:`;
  const slack = await new FakeSlack().start();
  const staff = new SlackStaff({ token: "xoxb-bench", apiUrl: slack.url, channel: "C0BENCH", allowlist: [], log });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const store = new ConversationStore(redis, { prefix, ttlMs: 60 * 60_000 });
  const loop = await startHandoffLoop({
    redisUrl,
    prefix,
    ttlMs: 60 * 60_000,
    store,
    surface: staff.surface,
    deliver: async () => undefined,
    markUnreachable: async () => undefined,
    hours: undefined,
    remindAfterMs: 60 * 60_000,
    escalateAfterMs: 2 * 60 * 60_000,
    log,
  });
  const ids: string[] = [];
  const startedAt: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const conversation = newConversation({ platform: "telegram", chatId: String(1_000 + i), kind: "dm" }, { id: String(1_000 + i), displayName: `user ${i}` }, "zh", Date.now());
    conversation.turns.push({ role: "user", text: "我的退款什么时候到账", at: Date.now() }, { role: "bot", text: "退款一般 1-3 个工作日到账。", at: Date.now() });
    const handoffId = `h-${randomUUID()}`;
    ids.push(handoffId);
    startedAt.push(performance.now());
    await loop.desk.open(conversation, { handoffId, topic: "refund.status", reason: "requested", priority: "normal" });
  }
  await slack.waitFor((fake) => fake.cards().length >= COUNT);
  const cardAt = new Map(slack.cards().map((call) => [(call.args.metadata as { event_payload: { handoff_id: string } }).event_payload.handoff_id, call.at]));
  const result = summarize(startedAt, ids.map((id) => cardAt.get(id) as number));
  await loop.close();
  await slack.stop();
  await clean(redis, prefix);
  return result;
}

async function bare(redisUrl: string): Promise<Result> {
  const prefix = `bench-${randomUUID()}:`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("bare", { connection, prefix: `${prefix}bull` });
  const doneAt = new Map<string, number>();
  const worker = new Worker("bare", async () => undefined, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix: `${prefix}bull`, concurrency: 1 });
  worker.on("completed", (job) => doneAt.set(job.id as string, performance.now()));
  await worker.waitUntilReady();
  const ids: string[] = [];
  const startedAt: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const id = `b-${i}`;
    ids.push(id);
    startedAt.push(performance.now());
    await queue.add("job", { i }, { jobId: id });
  }
  while (doneAt.size < COUNT) await new Promise((resolve) => setTimeout(resolve, 5));
  const result = summarize(startedAt, ids.map((id) => doneAt.get(id) as number));
  await worker.close();
  await queue.close();
  connection.disconnect();
  await clean(new Redis(redisUrl), prefix);
  return result;
}

async function clean(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}

const local: LocalRedis | undefined = process.env.REDIS_URL ? undefined : await startLocalRedis();
const redisUrl = process.env.REDIS_URL ?? (local as LocalRedis).url;
try {
  const handoff = await ours(redisUrl);
  const bullmq = await bare(redisUrl);
  const row = (name: string, r: Result) => `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(9)}`;
  process.stdout.write(`handoff benchmark: ${COUNT} jobs, one worker each (concurrency 1), Redis ${redisUrl}\n`);
  process.stdout.write(`${"".padEnd(34)} ${"per sec".padStart(8)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}\n`);
  process.stdout.write(`${row("handoff: open -> card in Slack", handoff)}\n`);
  process.stdout.write(`${row("bare BullMQ: add -> processed", bullmq)}\n`);
  process.stdout.write(
    `ratio (handoff / bare): throughput ${(handoff.perSecond / bullmq.perSecond).toFixed(2)}x, p50 ${(handoff.p50 / bullmq.p50).toFixed(1)}x, p99 ${(handoff.p99 / bullmq.p99).toFixed(1)}x\n`,
  );
} finally {
  await local?.stop();
}
