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

/**
 * Logs the errors of a BullMQ queue or worker, except while `connection` is down: BullMQ then
 * forwards every reconnect attempt (a line every few hundred milliseconds), and the connection's
 * own outage line (logOutages, wired by whoever opened it) says it once. Without a listener, a
 * Queue prints its errors with console.error, outside the structured log.
 */
export function logErrorsWhileConnected(emitter: { on(event: "error", listener: (error: Error) => void): unknown }, connection: Redis, log: Logger, message: string): void {
  emitter.on("error", (error) => {
    if (connection.status === "ready") log.warn({ err: error.message }, message);
  });
}
