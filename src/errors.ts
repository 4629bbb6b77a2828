/** Base class: every error the bot throws on purpose carries a stable `code`. */
export class BotError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown at start-up when an environment variable is missing or malformed. */
export class ConfigError extends BotError {
  constructor(
    readonly variable: string,
    expectation: string,
  ) {
    super(`${variable} ${expectation}`, "config_invalid");
  }
}

/** Thrown when a conversation would move between two states the state machine does not connect. */
export class IllegalTransitionError extends BotError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`illegal conversation transition ${from} -> ${to}`, "illegal_transition");
  }
}

/** Thrown when a knowledge file fails validation; the message names the file, the field and the line. */
export class KnowledgeError extends BotError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line === undefined ? "" : `:${line}`}: ${field}: ${detail}`, "knowledge_invalid");
  }
}

/** Thrown by an adapter when the platform says the user cannot be reached (blocked the bot, closed DMs). */
export class RecipientUnreachableError extends BotError {
  constructor(
    readonly platform: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${platform}: recipient unreachable (${detail})`, "recipient_unreachable", options);
  }
}

/** Thrown when an optimistic update of one conversation keeps colliding with other writers. */
export class StoreConflictError extends BotError {
  constructor(readonly key: string) {
    super(`conversation ${key} kept changing under concurrent writers`, "store_conflict");
  }
}

/** Thrown when Redis cannot be reached or started at all. */
export class RedisUnavailableError extends BotError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, "redis_unavailable", options);
  }
}

/** Thrown when an HTTP request body is larger than the route accepts. */
export class BodyTooLargeError extends BotError {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`, "body_too_large");
  }
}

/** Thrown by a staff surface (Slack) when it asks us to slow down; the handoff worker waits `retryAfterMs`. */
export class StaffRateLimitedError extends BotError {
  constructor(
    readonly surface: string,
    readonly retryAfterMs: number,
  ) {
    super(`${surface}: rate limited, retry after ${retryAfterMs} ms`, "staff_rate_limited");
  }
}

/** Thrown by a staff surface when retrying cannot help (unknown channel, revoked token, bad request). */
export class StaffRejectedError extends BotError {
  constructor(
    readonly surface: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${surface}: ${detail}`, "staff_rejected", options);
  }
}

/** The system error code of a failed file or socket operation (ENOENT, EACCES...), or "error". */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "error";
}
