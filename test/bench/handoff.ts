/**
 * `npm run bench -- handoff [count]`: handoffs per second and enqueue-to-card latency (p50/p99)
 * through the real desk, queue, worker and Slack client against the fake Slack, beside bare BullMQ
 * add-to-processed for the same number of jobs on the same Redis in the same run.
 *
 * Throughput comes from a burst (all jobs submitted at once, so it includes queueing); latency from
 * submitting one job at a time and waiting for it, so it is the cost of one handoff, not of a backlog.
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
import { clearPrefix } from "../support/clear-prefix.js";
import { FakeSlack } from "../support/fake-slack.js";
import { quantile } from "./quantile.js";

const COUNT = Number(process.argv[3] ?? 1_000);
const log = pino({ level: "silent" });

/** One way of getting a job done: submit it, and tell when it was done. */
interface System {
  submit(): Promise<string>;
  /** How many are done; cheap, called in a tight loop. */
  done(): number;
  doneAt(id: string): number | undefined;
  close(): Promise<void>;
}

interface Result {
  perSecond: number;
  p50: number;
  p99: number;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function measure(system: System): Promise<Result> {
  const burst: { id: string; at: number }[] = [];
  for (let i = 0; i < COUNT; i++) burst.push({ at: performance.now(), id: await system.submit() });
  while (system.done() < COUNT) await tick();
  const elapsedMs = Math.max(...burst.map(({ id }) => system.doneAt(id) as number)) - (burst[0]?.at as number);

  const latencies: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const at = performance.now();
    const id = await system.submit();
    while (system.done() < COUNT + i + 1) await new Promise((resolve) => setImmediate(resolve));
    latencies.push((system.doneAt(id) as number) - at);
  }
  latencies.sort((a, b) => a - b);
  await system.close();
  return { perSecond: (COUNT / elapsedMs) * 1000, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

async function handoffSystem(redisUrl: string): Promise<System> {
  const prefix = `bench-${randomUUID()}:`;
  const slack = await new FakeSlack().start();
  const staff = new SlackStaff({ token: "xoxb-bench", apiUrl: slack.url, channel: "C0BENCH", allowlist: [], log });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const loop = await startHandoffLoop({
    redisUrl,
    prefix,
    ttlMs: 60 * 60_000,
    store: new ConversationStore(redis, { prefix, ttlMs: 60 * 60_000 }),
    surface: staff.surface,
    deliver: async () => undefined,
    markUnreachable: async () => undefined,
    hours: () => undefined,
    remindAfterMs: 60 * 60_000,
    escalateAfterMs: 2 * 60 * 60_000,
    log,
  });
  const cardAt = new Map<string, number>();
  let seen = 0;
  let user = 0;
  // Reads only the calls that arrived since the last look: the loop polling this shares the process with the worker.
  const done = () => {
    for (; seen < slack.calls.length; seen++) {
      const call = slack.calls[seen];
      if (call?.method !== "chat.postMessage" || call.args.thread_ts !== undefined) continue;
      cardAt.set((call.args.metadata as { event_payload: { handoff_id: string } }).event_payload.handoff_id, call.at);
    }
    return cardAt.size;
  };
  return {
    submit: async () => {
      user++;
      const conversation = newConversation({ platform: "telegram", chatId: String(user), kind: "dm" }, { id: String(user), displayName: `user ${user}` }, "zh", Date.now());
      conversation.turns.push({ role: "user", text: "我的退款什么时候到账", at: Date.now() }, { role: "bot", text: "退款一般 1-3 个工作日到账。", at: Date.now() });
      const handoffId = `h-${randomUUID()}`;
      await loop.desk.open(conversation, { handoffId, topic: "refund.status", reason: "requested", priority: "normal" });
      return handoffId;
    },
    done,
    doneAt: (id) => {
      done();
      return cardAt.get(id);
    },
    close: async () => {
      await loop.close();
      await slack.stop();
      await clean(redis, prefix);
    },
  };
}

async function bareSystem(redisUrl: string): Promise<System> {
  const prefix = `bench-${randomUUID()}:`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("bare", { connection, prefix: `${prefix}bull` });
  const doneAt = new Map<string, number>();
  const worker = new Worker("bare", async () => undefined, { connection: workerConnection, prefix: `${prefix}bull`, concurrency: 1 });
  worker.on("completed", (job) => doneAt.set(job.id as string, performance.now()));
  await worker.waitUntilReady();
  let next = 0;
  return {
    submit: async () => {
      const id = `b-${++next}`;
      await queue.add("job", { next }, { jobId: id });
      return id;
    },
    done: () => doneAt.size,
    doneAt: (id) => doneAt.get(id),
    close: async () => {
      await worker.close();
      await queue.close();
      workerConnection.disconnect();
      await clean(connection, prefix);
    },
  };
}

async function clean(redis: Redis, prefix: string): Promise<void> {
  await clearPrefix(redis, prefix);
  redis.disconnect();
}

const local: LocalRedis | undefined = process.env.REDIS_URL ? undefined : await startLocalRedis();
const redisUrl = process.env.REDIS_URL ?? (local as LocalRedis).url;
try {
  const handoff = await measure(await handoffSystem(redisUrl));
  const bare = await measure(await bareSystem(redisUrl));
  const row = (name: string, r: Result) => `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(9)}`;
  process.stdout.write(`handoff benchmark: ${COUNT} jobs per system, one worker (concurrency 1), Redis ${redisUrl}\n`);
  process.stdout.write(`${"".padEnd(34)} ${"per sec".padStart(8)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}\n`);
  process.stdout.write(`${row("handoff: open -> card in Slack", handoff)}\n`);
  process.stdout.write(`${row("bare BullMQ: add -> processed", bare)}\n`);
  process.stdout.write(
    `ratio handoff/bare: throughput ${(handoff.perSecond / bare.perSecond).toFixed(2)}x, latency p50 ${(handoff.p50 / bare.p50).toFixed(1)}x, p99 ${(handoff.p99 / bare.p99).toFixed(1)}x\n`,
  );
} finally {
  await local?.stop();
}
