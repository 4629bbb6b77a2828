import pino, { type DestinationStream, type Logger, type LoggerOptions, type LogFn } from "pino";
import type { z } from "zod";
import { redact } from "./safety/redact.js";
import { redactFields } from "./safety/redact-fields.js";

/**
 * JSON logs; pretty when a person watches a terminal. Tokens never reach a log line: they live in
 * the config object only, and the paths below are censored in case one is passed by mistake.
 */
export function createLogger(level: string, pretty = process.stdout.isTTY === true, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: ["token", "*.token", "config", "*.authorization", "headers.authorization"], censor: "[redacted]" },
    // Users' secrets never reach a log line either: every string logged passes through the redactor.
    formatters: { log: (object) => redactFields(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? redact(arg).text : arg)) as Parameters<LogFn>);
      },
    },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss" } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

/** How many problems a log line about a platform payload names: enough to see what the platform changed. */
export const LOG_PROBLEMS = 5;

/**
 * Where a payload failed its schema, for a log line: field paths and zod's messages, never the
 * values (they may be a user's text). `root` names a problem with the whole payload.
 */
export function schemaProblems(error: z.ZodError, root: string, max = Number.POSITIVE_INFINITY): string[] {
  return error.issues.slice(0, max).map((issue) => `${issue.path.join(".") || root}: ${issue.message}`);
}
