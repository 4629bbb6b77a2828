import type { IncomingMessage } from "node:http";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { ConsoleAdapter } from "../adapters/console/index.js";
import { ConsoleStaff } from "../adapters/console/staff.js";
import { DiscordAdapter } from "../adapters/discord/index.js";
import { SlackStaff } from "../adapters/slack/index.js";
import { TelegramAdapter } from "../adapters/telegram/index.js";
import type { Adapter } from "./adapter.js";
import { type Config, loadConfig } from "./config.js";
import { ConversationStore } from "./conversation/store.js";
import { LiveEngine } from "./engine/live-engine.js";
import { BotError, errorCode, RecipientUnreachableError, RedisUnavailableError } from "./errors.js";
import { businessHours } from "./handoff/hours.js";
import { startHandoffLoop } from "./handoff/loop.js";
import { HttpServer, isLoopback, secretEquals, sendJson } from "./http/server.js";
import { createLogger } from "./log.js";
import { Closers } from "./lifecycle.js";
import { Metrics } from "./metrics.js";
import { Pipeline } from "./pipeline.js";
import { type LocalRedis, pingRedis, startLocalRedis } from "./redis/local-server.js";
import { logOutages } from "./redis/outages.js";
import { OfficialLinks } from "./safety/official-links.js";
import { PrivateInvites } from "./safety/private-invites.js";
import { RateLimiter } from "./safety/rate-limit.js";

/** Past this, shutdown stops waiting for in-flight work and exits anyway. */
const SHUTDOWN_DEADLINE_MS = 9_000;

interface Running {
  stop(): Promise<void>;
}

/** The composition root: the only file in src/ that knows the adapters. */
export async function startBot(config: Config, log: Logger): Promise<Running & { port: number }> {
  // First: invalid knowledge stops the start with file, field and line before anything is opened.
  const engine = new LiveEngine(config.KNOWLEDGE_DIR, log.child({ component: "knowledge" }), { modelCache: config.MODEL_CACHE });
  const closers = new Closers();
  try {
    const port = await openEverything(config, log, engine, closers);
    return { port, stop: () => closers.closeAll() };
  } catch (error) {
    // A failed start closes what it had opened, so nothing keeps the process (or a test) alive.
    await closers.closeAll();
    throw error;
  }
}

async function openEverything(config: Config, log: Logger, engine: LiveEngine, closers: Closers): Promise<number> {
  const localRedis = await resolveRedis(config, log);
  if (localRedis) closers.add(() => localRedis.stop());
  const redisUrl = config.REDIS_URL ?? localRedis?.url;
  if (!redisUrl) throw new RedisUnavailableError("no Redis to use");
  const redis = await connectRedis(redisUrl, log);
  closers.add(() => redis.quit().then(() => undefined, () => redis.disconnect()));

  const ttlMs = config.CONVERSATION_TTL_DAYS * 24 * 60 * 60 * 1000;
  const store = new ConversationStore(redis, { prefix: config.REDIS_PREFIX, ttlMs });
  // Staff work in Slack when it is configured, else in the console's staff pane.
  const slack = config.SLACK_BOT_TOKEN
    ? new SlackStaff({
        token: config.SLACK_BOT_TOKEN,
        apiUrl: config.SLACK_API_URL,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        channel: config.SLACK_HANDOFF_CHANNEL ?? "",
        allowlist: config.SLACK_STAFF_ALLOWLIST,
        escalationGroup: config.SLACK_ESCALATION_GROUP,
        log: log.child({ platform: "slack" }),
      })
    : undefined;
  const staff = slack?.surface ?? new ConsoleStaff(redis, config.REDIS_PREFIX);
  // Every message to a user leaves through `deliver` or `host.handle` below: both keep official links only.
  const links = new OfficialLinks(() => engine.brand());
  const handoff = await startHandoffLoop({
    redisUrl,
    prefix: config.REDIS_PREFIX,
    ttlMs,
    store,
    surface: staff,
    // An agent's reply goes out through the adapter of the user's platform.
    deliver: async (ref, message) => {
      const adapter = adapters.find((candidate) => candidate.platform === ref.platform);
      if (!adapter) throw new RecipientUnreachableError(ref.platform, "no adapter for this platform is running");
      await adapter.send(ref, links.filter(message));
    },
    markUnreachable: (ref, userId) => pipeline.markUnreachable(ref, userId),
    // Read per handoff: an edit of brand.yaml's hours applies with the next knowledge reload.
    hours: () => businessHours(engine.brand().hours),
    remindAfterMs: config.HANDOFF_REMIND_MINUTES * 60_000,
    escalateAfterMs: config.HANDOFF_ESCALATE_MINUTES * 60_000,
    log: log.child({ component: "handoff" }),
  });
  closers.add(() => handoff.close());
  const limiter = new RateLimiter(redis, { prefix: config.REDIS_PREFIX, burst: config.RATE_LIMIT_BURST, perMinute: config.RATE_LIMIT_PER_MINUTE });
  const invites = new PrivateInvites(redis, config.REDIS_PREFIX);
  const metrics = new Metrics();
  metrics.collectProcessMetrics();
  const pipeline = new Pipeline({ store, engine: () => engine.current(), desk: handoff.desk, log, limiter, invites, metrics });
  closers.add(() => pipeline.drain());
  const http = new HttpServer(log);
  const adapters = platformAdapters(config);

  http.route("GET", "/healthz", async (_req, res) => {
    const redisOk = await redis.ping().then(
      () => true,
      () => false,
    );
    const connected = Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.connected]));
    const ready = redisOk && adapters.every((adapter) => adapter.connected);
    sendJson(res, ready ? 200 : 503, { status: ready ? "ok" : "unavailable", redis: redisOk, adapters: connected });
  });
  // Shares the port the webhooks expose: a token from elsewhere, or this machine only.
  http.route("GET", "/metrics", async (req, res) => {
    if (!metricsAllowed(req, config.METRICS_TOKEN)) return sendJson(res, 403, { error: "set METRICS_TOKEN and send it as a bearer token" });
    res.writeHead(200, { "content-type": metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });

  const host = {
    handle: async (message: Parameters<Pipeline["handle"]>[0]) => {
      const result = await pipeline.handle(message);
      return { ...result, replies: result.replies.map((reply) => links.filter(reply)) };
    },
    unreachable: (ref: Parameters<Pipeline["markUnreachable"]>[0], userId: string) => pipeline.markUnreachable(ref, userId),
    http,
    log,
  };
  if (staff instanceof ConsoleStaff) staff.mount(http, handoff.actions);
  const port = await http.listen(config.PORT, config.HOST);
  closers.add(() => http.close());
  if (slack) {
    await slack.start({ http, actions: handoff.actions, claimEvent: (id) => store.claimMessage("slack", id) });
    closers.add(() => slack.stop());
  }
  for (const adapter of adapters) {
    closers.add(() => adapter.stop());
    await adapter.start({ ...host, log: log.child({ platform: adapter.platform }) });
  }
  engine.watch();
  closers.add(() => engine.close());
  log.info({ port, host: config.HOST, adapters: adapters.map((adapter) => adapter.platform) }, "bot started");
  return port;
}

/** /metrics: with METRICS_TOKEN, to whoever sends it as a bearer token; without, to this machine only. */
function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return isLoopback(req.socket.remoteAddress);
  return secretEquals(req.headers.authorization, `Bearer ${token}`);
}

/** One adapter per platform whose token is set; the local console when none is. */
function platformAdapters(config: Config): Adapter[] {
  const adapters: Adapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const webhook = config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } : undefined;
    adapters.push(new TelegramAdapter({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, webhook }));
  }
  if (config.DISCORD_BOT_TOKEN) {
    adapters.push(
      new DiscordAdapter({
        token: config.DISCORD_BOT_TOKEN,
        apiBase: config.DISCORD_API_BASE,
        supportChannels: config.DISCORD_SUPPORT_CHANNELS,
        guildId: config.DISCORD_GUILD_ID,
        replyMode: config.DISCORD_REPLY_MODE,
      }),
    );
  }
  return adapters.length > 0 ? adapters : [new ConsoleAdapter()];
}

/**
 * REDIS_URL when set; else a Redis already answering on 127.0.0.1:6379; else a private
 * redis-server (data under .data/redis) that lives and dies with this process.
 */
async function resolveRedis(config: Config, log: Logger): Promise<LocalRedis | undefined> {
  if (config.REDIS_URL) return undefined;
  if (await pingRedis("127.0.0.1", 6379)) return { url: "redis://127.0.0.1:6379", stop: async () => undefined };
  const local = await startLocalRedis({ dataDir: ".data/redis" });
  log.info({ url: local.url }, "started a private redis-server (data in .data/redis)");
  return local;
}

/** Connects, or fails with one line; afterwards an outage is logged once, not on every reconnect attempt. */
async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3_000 });
  let firstError: Error | undefined;
  const remember = (error: Error) => (firstError ??= error);
  redis.on("error", remember);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (firstError ?? (error as Error)).message;
    throw new RedisUnavailableError(`REDIS_URL ${redactUrl(url)} does not answer (${reason})`, { cause: error });
  }
  redis.off("error", remember);
  logOutages(redis, log, "redis");
  return redis;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

async function run(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof BotError) {
      process.stderr.write(`topay-bot: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  let running: Running;
  try {
    running = await startBot(config, log);
  } catch (error) {
    const message = listenErrorMessage(error, config) ?? (error instanceof BotError ? error.message : undefined);
    if (message === undefined) throw error;
    process.stderr.write(`topay-bot: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      log.warn("shutdown deadline passed; exiting with work in flight");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    running.stop().then(
      () => {
        log.info("stopped");
        log.flush();
        process.exit(0);
      },
      (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

function listenErrorMessage(error: unknown, config: Config): string | undefined {
  const code = errorCode(error);
  if (code === "EADDRINUSE") return `PORT ${config.PORT} is already in use on ${config.HOST}; set PORT to a free port`;
  if (code === "EACCES") return `PORT ${config.PORT} needs privileges on ${config.HOST}; set PORT above 1023`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `HOST ${config.HOST} is not an address of this machine`;
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) void run();
