import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";
import { ConfigError } from "./errors.js";

/** An unset or blank variable counts as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optionalText = z.preprocess(blankAsAbsent, z.string().trim().optional());

const url = (what: string) => z.preprocess(blankAsAbsent, z.url({ error: `expects ${what}` }).optional());

const minutes = (fallback: number) => z.coerce.number({ error: "expects a number of minutes" }).positive().default(fallback);

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );

/**
 * Every setting the bot reads, from the environment (and an optional `.env`).
 * Names are a contract with the issues, the README and `.env.example`: keep them.
 */
const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "expects a TCP port number (1-65535)" })
    .int("expects a TCP port number (1-65535)")
    .min(0, "expects a TCP port number (1-65535)")
    .max(65535, "expects a TCP port number (1-65535)")
    .default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  REDIS_URL: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, "expects redis://host:port[/db] or rediss://...")
      .optional(),
  ),
  REDIS_PREFIX: z.string().trim().min(1).default("topay:"),
  CONVERSATION_TTL_DAYS: z.coerce.number({ error: "expects a number of days" }).positive().default(30),
  KNOWLEDGE_DIR: z.string().trim().min(1).default("./knowledge"),
  /** Where the trained matcher is kept between starts (unset: the engine's default); `off`: train at every start (null). */
  MODEL_CACHE: z.preprocess(blankAsAbsent, z.string().trim().optional()).transform((path) => (path === "off" ? null : path)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url("an http(s) URL without a trailing slash, e.g. https://api.telegram.org").refine(
    (value) => value === undefined || !value.endsWith("/"),
    "expects a URL without a trailing slash",
  ),
  TELEGRAM_WEBHOOK_URL: url("the public https URL Telegram posts updates to"),
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "expects 1-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
  ),

  DISCORD_BOT_TOKEN: optionalText,
  DISCORD_API_BASE: z.preprocess(blankAsAbsent, z.url({ error: "expects the Discord REST base URL, e.g. https://discord.com/api" }).default("https://discord.com/api")),
  DISCORD_SUPPORT_CHANNELS: commaList,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_REPLY_MODE: z.enum(["thread", "reply"]).default("thread"),

  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url("the Slack Web API base URL, e.g. https://slack.com/api/"),
  SLACK_HANDOFF_CHANNEL: optionalText,
  SLACK_STAFF_ALLOWLIST: commaList,
  SLACK_ESCALATION_GROUP: optionalText,
  /** Bearer token for GET /metrics from other machines; without it /metrics answers this machine only. */
  METRICS_TOKEN: z.preprocess(blankAsAbsent, z.string().min(16, "expects at least 16 characters").optional()),
  HANDOFF_REMIND_MINUTES: minutes(10),
  HANDOFF_ESCALATE_MINUTES: minutes(30),

  // A person types a few messages in a row, then reads: 8 at once, then one every 3 s, never bites a human.
  RATE_LIMIT_BURST: z.coerce.number({ error: "expects a whole number of messages" }).int("expects a whole number of messages").min(1, "expects at least 1 message").default(8),
  RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: "expects a number of messages per minute" }).positive("expects a number of messages per minute above 0").default(20),
});

export type Config = z.output<typeof envSchema>;

/**
 * Reads and validates the configuration once. A bad value throws a ConfigError whose message is
 * one line naming the variable and what it expects (main.ts prints it without a stack trace).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = ".env"): Config {
  const merged = { ...readDotenv(dotenvPath), ...env };
  const result = envSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(name, issue?.message ?? "is invalid");
  }
  const config = result.data;
  if (config.SLACK_BOT_TOKEN && !config.SLACK_HANDOFF_CHANNEL) {
    throw new ConfigError("SLACK_HANDOFF_CHANNEL", "expects the Slack channel id for handoff cards when SLACK_BOT_TOKEN is set");
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError("SLACK_SIGNING_SECRET", "expects the app's signing secret (or set SLACK_APP_TOKEN for Socket Mode)");
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError("TELEGRAM_WEBHOOK_SECRET", "expects a secret token when TELEGRAM_WEBHOOK_URL is set");
  }
  return config;
}

function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
}
