import { BotError as MiddlewareError, GrammyError, HttpError } from "grammy";
import { BotError, RecipientUnreachableError } from "../../src/errors.js";

/**
 * 403 is Telegram's answer whenever the bot may not write to the chat: the user blocked it or
 * deleted their account, the bot was removed from the group. Retrying never helps.
 */
export function isUnreachable(error: unknown): error is GrammyError {
  return error instanceof GrammyError && error.error_code === 403;
}

/** Adapter.send's contract: a 403 becomes RecipientUnreachableError, anything else stays as it is. */
export function toSendError(error: unknown): unknown {
  return isUnreachable(error) ? new RecipientUnreachableError("telegram", error.description, { cause: error }) : error;
}

/** Thrown at start-up when Telegram refuses the set-up; the message names the variable to fix. */
export class TelegramStartError extends BotError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, "telegram_start_failed", options);
  }
}

/** What start-up failure means for the person running the bot. */
export function startError(error: unknown, apiRoot: string): TelegramStartError {
  if (error instanceof GrammyError) {
    const said = `(${error.error_code}: ${error.description})`;
    if (error.error_code === 401 || error.error_code === 404) {
      return new TelegramStartError(`TELEGRAM_BOT_TOKEN was refused by the Bot API ${said}; copy the token from @BotFather again`, { cause: error });
    }
    if (error.method === "setWebhook") {
      return new TelegramStartError(`TELEGRAM_WEBHOOK_URL was refused by Telegram ${said}; it must be a public https URL`, { cause: error });
    }
    return new TelegramStartError(`the Bot API refused ${error.method} ${said}`, { cause: error });
  }
  // Only the error code: a network error's message holds the request URL, and the URL holds the token.
  const cause = error instanceof HttpError ? error.error : error;
  const reason = (cause as { code?: string } | undefined)?.code ?? (cause as Error | undefined)?.name ?? "no answer";
  return new TelegramStartError(`the Bot API at ${apiRoot} does not answer (${reason}); check TELEGRAM_API_ROOT and the network`, { cause: error });
}

/** Thrown when a reply cannot be expressed in Telegram's limits (a programming error upstream). */
export class TelegramRenderError extends BotError {
  constructor(field: string, detail: string) {
    super(`telegram: ${field} ${detail}`, "telegram_render_invalid");
  }
}

/**
 * Log fields for a failure. A GrammyError carries the call's payload (the bot's text) and an
 * HttpError's cause carries the request URL (with the token): neither goes to the log.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  // grammY wraps a failed update with its context, which holds the user's text.
  if (error instanceof MiddlewareError) return { updateId: error.ctx.update.update_id, ...errorFields(error.error) };
  if (error instanceof GrammyError) return { method: error.method, errorCode: error.error_code, description: error.description };
  if (error instanceof HttpError) return { error: error.message, code: (error.error as { code?: string } | undefined)?.code };
  return { err: error };
}
