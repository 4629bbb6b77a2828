import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { inject } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startBot } from "../../src/main.js";
import { clearPrefix } from "./clear-prefix.js";

export const silentLog = pino({ level: "silent" });

/**
 * Starts the whole bot as `npm start` would, on a free port, against the test Redis with a key
 * prefix of its own, which `stop` clears. `env` adds platform settings (tokens, fake server URLs);
 * `log` receives what the bot logs (silenced by default).
 */
export async function startTestBot(env: Record<string, string> = {}, log: Logger = silentLog) {
  const prefix = `test-${randomUUID()}:`;
  const config = loadConfig({ PORT: "0", REDIS_URL: inject("REDIS_URL"), REDIS_PREFIX: prefix, LOG_LEVEL: "silent", ...env }, "/nonexistent/.env");
  const bot = await startBot(config, log);
  return {
    ...bot,
    prefix: config.REDIS_PREFIX,
    config,
    url: `http://127.0.0.1:${bot.port}`,
    /** Stops the bot and deletes what it stored; `keep`: a restart on the same prefix continues from it. */
    stop: async ({ keep = false } = {}) => {
      await bot.stop();
      if (keep) return;
      const redis = new Redis(config.REDIS_URL as string);
      await clearPrefix(redis, config.REDIS_PREFIX);
      redis.disconnect();
    },
  };
}

/** What a console user received outside replies (agents' answers, the satisfaction prompt), oldest first. */
export async function consoleInbox(baseUrl: string, userId: string) {
  const response = await fetch(`${baseUrl}/api/console/messages?userId=${encodeURIComponent(userId)}&after=0`);
  return ((await response.json()) as { messages: { text: string; buttons: { id: string }[]; fromAgent?: string }[] }).messages;
}

/** Sends one message to the console API as a customer would from the chat page. */
export async function consoleSay(baseUrl: string, body: Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/api/console/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { replies: { text: string; buttons: { id: string; label: string }[] }[]; error?: string } };
}
