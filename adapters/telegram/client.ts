import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";

/** Tries of a call that failed with a 5xx (auto-retry backs off 3 s, 6 s, 12 s...). */
const MAX_RETRY_ATTEMPTS = 5;
/** A 429 asking for a longer pause than this is not waited for: the answer would come too late to help. */
const MAX_RETRY_AFTER_SECONDS = 60;
/**
 * One call, its retries and pauses included, gives up after this. auto-retry retries network
 * errors without a limit; in polling mode updates are handled one at a time, so a call stuck
 * on a dead network must not hold every other chat for longer.
 */
const CALL_DEADLINE_MS = 3 * 60 * 1000;

/** A grammY bot on `apiRoot` (the Bot API, a self-hosted one, or a test fake) that retries what Telegram asks it to. */
export function createBot(token: string, apiRoot: string | undefined): Bot {
  const bot = new Bot(token, apiRoot === undefined ? {} : { client: { apiRoot } });
  const retry = autoRetry({ maxRetryAttempts: MAX_RETRY_ATTEMPTS, maxDelaySeconds: MAX_RETRY_AFTER_SECONDS });
  bot.api.config.use((prev, method, payload, signal) => {
    // grammY's polling loop retries getUpdates itself, and stop() must be able to abort the long poll.
    if (method === "getUpdates") return prev(method, payload, signal);
    return retry(prev, method, payload, signal ?? deadline(CALL_DEADLINE_MS));
  });
  return bot;
}

type GrammySignal = NonNullable<Parameters<Bot["init"]>[0]>;

/** A signal that aborts a call after `ms`. grammY types signals with its polyfill's class; node-fetch accepts Node's own. */
export function deadline(ms: number): GrammySignal {
  return AbortSignal.timeout(ms) as unknown as GrammySignal;
}
