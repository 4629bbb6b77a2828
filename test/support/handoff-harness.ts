import { Redis } from "ioredis";
import type { Logger } from "pino";
import { ConsoleAdapter } from "../../adapters/console/index.js";
import { ConsoleStaff } from "../../adapters/console/staff.js";
import { SlackStaff } from "../../adapters/slack/index.js";
import type { Adapter } from "../../src/adapter.js";
import { ConversationStore } from "../../src/conversation/store.js";
import type { Engine } from "../../src/engine/types.js";
import { RecipientUnreachableError } from "../../src/errors.js";
import type { BusinessHours } from "../../src/handoff/hours.js";
import { type HandoffLoop, type HandoffLoopOptions, startHandoffLoop } from "../../src/handoff/loop.js";
import { createHandoffWorker, type HandoffWorker } from "../../src/handoff/worker.js";
import { HttpServer } from "../../src/http/server.js";
import { Pipeline } from "../../src/pipeline.js";
import { logOutages } from "../../src/redis/outages.js";
import { safetyDeps } from "./safety.js";
import type { FakeSlack } from "./fake-slack.js";
import { consoleInbox, consoleSay, silentLog } from "./bot.js";
import { testRedis } from "./redis.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const HANDOFF_CHANNEL = "C0000HANDOFF";
export const ESCALATION_GROUP = "S0000ONCALL";

/**
 * A stand-in for the FAQ engine (our own interface, not a platform library): "human" or "人工"
 * hands off ("hacked" makes it urgent), anything else gets one fixed answer. Keeps these tests
 * about the handoff loop, whatever the knowledge base says.
 */
export const handoffEngine: Engine = {
  classify: () => ({ action: "answer", topic: "faq", confidence: 1 }),
  decide: ({ text }) =>
    /human|人工|hacked/i.test(text)
      ? {
          action: "handoff",
          topic: /hacked/i.test(text) ? "security.unauthorized" : "contact.human",
          confidence: 1,
          replies: [],
          handoff: { reason: /hacked/i.test(text) ? "urgent_security" : "requested", priority: /hacked/i.test(text) ? "urgent" : "normal" },
        }
      : { action: "answer", topic: "faq", confidence: 1, replies: [{ text: "bot answer", buttons: [] }] },
};

export interface HarnessOptions {
  /** Staff in Slack (this fake); without it, the console staff pane. */
  slack?: FakeSlack;
  /** Slack in Socket Mode (SLACK_APP_TOKEN) instead of HTTP. */
  socketMode?: boolean;
  allowlist?: string[];
  /** More user platforms besides the console (e.g. a Telegram adapter against the fake). */
  adapters?: Adapter[];
  hours?: BusinessHours;
  remindAfterMs?: number;
  escalateAfterMs?: number;
  /** Card job attempts before it fails for good (default: the production value). */
  attempts?: number;
  /** false: no worker in this process (a test runs its own, e.g. in a child process). */
  worker?: HandoffLoopOptions["worker"];
  now?: () => number;
  /** A Redis of the test's own (one it stops and starts) instead of the suite's. */
  redisUrl?: string;
  /** Where the handoff loop and the Redis outage lines log (silent by default). */
  log?: Logger;
}

/**
 * The handoff loop wired as main.ts wires it (pipeline, desk, worker, staff surface, user
 * adapters, one HTTP server), on a free port with a Redis key prefix of its own.
 */
export async function startHandoffHarness(options: HarnessOptions = {}) {
  const { redis, prefix, url: redisUrl, cleanup } = await testRedis(options.redisUrl);
  const log = options.log ?? silentLog;
  logOutages(redis, log, "redis");
  const store = new ConversationStore(redis, { prefix, ttlMs: 60 * 60_000 });
  const http = new HttpServer(silentLog);
  const adapters: Adapter[] = [new ConsoleAdapter(), ...(options.adapters ?? [])];
  const slack = options.slack
    ? new SlackStaff({
        token: "xoxb-test",
        apiUrl: options.slack.url,
        signingSecret: SIGNING_SECRET,
        ...(options.socketMode ? { appToken: "xapp-test" } : {}),
        channel: HANDOFF_CHANNEL,
        allowlist: options.allowlist ?? [],
        escalationGroup: ESCALATION_GROUP,
        log: silentLog,
      })
    : undefined;
  const surface = slack?.surface ?? new ConsoleStaff(redis, prefix);
  const loopOptions: HandoffLoopOptions = {
    redisUrl,
    prefix,
    ttlMs: 60 * 60_000,
    store,
    surface,
    deliver: async (ref, message) => {
      const adapter = adapters.find((candidate) => candidate.platform === ref.platform);
      if (!adapter) throw new RecipientUnreachableError(ref.platform, "no adapter");
      await adapter.send(ref, message);
    },
    markUnreachable: (ref, userId) => pipeline.markUnreachable(ref, userId),
    hours: () => options.hours,
    remindAfterMs: options.remindAfterMs ?? 60 * 60_000,
    escalateAfterMs: options.escalateAfterMs ?? 2 * 60 * 60_000,
    log,
    retry: { backoffMs: 50, ...(options.attempts ? { attempts: options.attempts } : {}) },
    worker: options.worker ?? { lockDurationMs: 1_000, stalledIntervalMs: 500 },
    ...(options.now ? { now: options.now } : {}),
  };
  const loop: HandoffLoop = await startHandoffLoop(loopOptions);
  const pipeline = new Pipeline({ store, engine: () => handoffEngine, desk: loop.desk, log: silentLog, ...safetyDeps(redis, prefix) });
  if (surface instanceof ConsoleStaff) surface.mount(http, loop.actions);
  await slack?.start({ http, actions: loop.actions, claimEvent: (id) => store.claimMessage("slack", id) });
  const port = await http.listen(0, "127.0.0.1");
  const host = { handle: pipeline.handle.bind(pipeline), unreachable: pipeline.markUnreachable.bind(pipeline), http, log: silentLog };
  for (const adapter of adapters) await adapter.start(host);
  const url = `http://127.0.0.1:${port}`;
  const extraWorkers: { worker: HandoffWorker; connection: Redis }[] = [];

  return {
    url,
    prefix,
    redisUrl,
    redis,
    store,
    loop,
    pipeline,
    /** The user `userId` writes (or clicks `buttonId`) in the console chat; resolves to the bot's replies. */
    say: async (userId: string, message: { text?: string; buttonId?: string }) => (await consoleSay(url, { userId, ...message })).body.replies,
    /** What the console user received outside replies (agents' answers, the satisfaction prompt). */
    inbox: (userId: string) => consoleInbox(url, userId),
    /** Polls `check` until it returns something (the test's timeout bounds the wait). */
    until: async <T>(check: () => Promise<T | undefined | false>): Promise<T> => {
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    /** One more worker on the queue, as another process would run it. */
    startWorker: () => {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const worker = createHandoffWorker({
        connection,
        prefix: `${prefix}bull`,
        records: loop.records,
        queue: loop.queue,
        surface,
        log: silentLog,
        lockDurationMs: 1_000,
        stalledIntervalMs: 500,
      });
      extraWorkers.push({ worker, connection });
      return worker;
    },
    conversationOf: (userId: string) => store.load(`console:dm:${userId}`),
    stop: async () => {
      for (const adapter of adapters) await adapter.stop();
      await pipeline.drain();
      for (const { worker, connection } of extraWorkers) {
        await worker.close();
        connection.disconnect();
      }
      await slack?.stop();
      if (options.socketMode) await options.slack?.disconnected();
      await loop.close();
      await http.close();
      await cleanup();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHandoffHarness>>;
