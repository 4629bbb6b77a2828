import type { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Logs a lost connection once, and its return once: ioredis emits an error on every reconnect
 * attempt, which during an outage would be a log line every few hundred milliseconds.
 */
export function logOutages(redis: Redis, log: Logger, name: string): void {
  let down = false;
  redis.on("error", (error) => {
    if (!down) log.warn({ err: error.message }, `${name} connection lost; retrying`);
    down = true;
  });
  redis.on("ready", () => {
    if (down) log.info(`${name} connection back`);
    down = false;
  });
}
