import pino, { type Logger } from "pino";

/**
 * JSON logs; pretty when a person watches a terminal. Tokens never reach a log line: they live in
 * the config object only, and the paths below are censored in case one is passed by mistake.
 */
export function createLogger(level: string, pretty = process.stdout.isTTY === true): Logger {
  return pino({
    level,
    redact: { paths: ["token", "*.token", "config", "*.authorization", "headers.authorization"], censor: "[redacted]" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss" } } } : {}),
  });
}
