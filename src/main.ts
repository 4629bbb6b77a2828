import { Redis } from "ioredis";
import type { Logger } from "pino";
import { ConsoleAdapter } from "../adapters/console/index.js";
import type { Adapter } from "./adapter.js";
import { type Config, loadConfig } from "./config.js";
import { ConversationStore } from "./conversation/store.js";
import type { Engine } from "./engine/types.js";
import { BotError, RedisUnavailableError } from "./errors.js";
import type { HandoffDesk } from "./handoff/desk.js";
import { HttpServer, sendJson } from "./http/server.js";
import { createLogger } from "./log.js";
import { Pipeline } from "./pipeline.js";
import { type LocalRedis, pingRedis, startLocalRedis } from "./redis/local-server.js";

/** Past this, shutdown stops waiting for in-flight work and exits anyway. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/** Until the engine lands: every message gets the fallback. */
const placeholderEngine: Engine = {
  classify: () => ({ action: "fallback", topic: null, confidence: 0 }),
  decide: ({ language }) => ({
    action: "fallback",
    topic: null,
    confidence: 0,
    replies: [
      {
        text:
          language === "zh"
            ? "您好,我是 Topay 客服助手。我正在学习中,暂时还不能回答这个问题。"
            : "Hi, I'm the Topay support assistant. I'm still learning and can't answer that yet.",
        buttons: [],
      },
    ],
  }),
};

/** Until the handoff loop lands: tell the user a person will answer. */
const placeholderDesk: HandoffDesk = {
  open: async (conversation) => [
    {
      text: conversation.language === "zh" ? "已为您转接人工客服,请稍候。" : "A person will answer you here shortly.",
      buttons: [],
    },
  ],
  relay: async () => undefined,
};

interface Running {
  stop(): Promise<void>;
}

/** The composition root: the only file in src/ that knows the adapters. */
export async function startBot(config: Config, log: Logger): Promise<Running & { port: number }> {
  const localRedis = await resolveRedis(config, log);
  const redisUrl = config.REDIS_URL ?? localRedis?.url;
  if (!redisUrl) throw new RedisUnavailableError("no Redis to use");
  const redis = await connectRedis(redisUrl, log).catch(async (error: unknown) => {
    await localRedis?.stop();
    throw error;
  });

  const store = new ConversationStore(redis, {
    prefix: config.REDIS_PREFIX,
    ttlMs: config.CONVERSATION_TTL_DAYS * 24 * 60 * 60 * 1000,
  });
  const pipeline = new Pipeline({ store, engine: () => placeholderEngine, desk: placeholderDesk, log });
  const http = new HttpServer(log);
  const adapters: Adapter[] = [];
  if (!config.TELEGRAM_BOT_TOKEN && !config.DISCORD_BOT_TOKEN) adapters.push(new ConsoleAdapter());

  http.route("GET", "/healthz", async (_req, res) => {
    const redisOk = await redis.ping().then(
      () => true,
      () => false,
    );
    const connected = Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.connected]));
    const ready = redisOk && adapters.every((adapter) => adapter.connected);
    sendJson(res, ready ? 200 : 503, { status: ready ? "ok" : "unavailable", redis: redisOk, adapters: connected });
  });

  const host = {
    handle: (message: Parameters<Pipeline["handle"]>[0]) => pipeline.handle(message),
    unreachable: (ref: Parameters<Pipeline["markUnreachable"]>[0], userId: string) => pipeline.markUnreachable(ref, userId),
    http,
    log,
  };
  const port = await http.listen(config.PORT, config.HOST);
  for (const adapter of adapters) await adapter.start({ ...host, log: log.child({ platform: adapter.platform }) });
  log.info({ port, host: config.HOST, adapters: adapters.map((adapter) => adapter.platform) }, "bot started");

  return {
    port,
    stop: async () => {
      await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      await pipeline.drain();
      await http.close();
      await redis.quit().catch(() => redis.disconnect());
      await localRedis?.stop();
    },
  };
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
  let down = false;
  redis.on("error", (error) => {
    if (!down) log.warn({ err: error.message }, "redis connection lost; retrying");
    down = true;
  });
  redis.on("ready", () => {
    if (down) log.info("redis connection back");
    down = false;
  });
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
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return `PORT ${config.PORT} is already in use on ${config.HOST}; set PORT to a free port`;
  if (code === "EACCES") return `PORT ${config.PORT} needs privileges on ${config.HOST}; set PORT above 1023`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `HOST ${config.HOST} is not an address of this machine`;
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) void run();
