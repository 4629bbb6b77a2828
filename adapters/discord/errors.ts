import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, GatewayCloseCodes, RESTJSONErrorCodes } from "discord.js";
import { ConfigError, RecipientUnreachableError } from "../../src/errors.js";

/**
 * Discord's answers that change what the adapter does, in one place. Rate limits are not here:
 * discord.js's REST queue waits them out and retries.
 */

/** The user cannot get messages from the bot: blocked it, closed DMs, or shares no server with it. */
const UNREACHABLE_CODES: ReadonlySet<unknown> = new Set([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
]);

export function isUnreachable(error: unknown): error is DiscordAPIError {
  return error instanceof DiscordAPIError && UNREACHABLE_CODES.has(error.code);
}

export function unreachableError(error: DiscordAPIError): RecipientUnreachableError {
  return new RecipientUnreachableError("discord", `${error.code} ${error.message}`, { cause: error });
}

/**
 * An error as a log field. A Discord API error keeps its code, status and method, but not its
 * request body (the message text) or URL (an interaction's token), which pino would log whole.
 */
export function loggable(error: unknown): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  return { type: error.name, code: error.code, status: error.status, method: error.method, message: error.message };
}

/** A thread exists on that message already: the same message arrived again (a gateway replay). */
export function isThreadAlreadyCreated(error: unknown): boolean {
  return (
    (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) ||
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.MessageExistingThread)
  );
}

/**
 * A failed login as the operator can fix it: a wrong token, or the Message Content intent left off
 * in the developer portal (the gateway closes with 4014), named in one line. `closeCode` is the
 * gateway's close code during the login, if it closed.
 */
export function loginError(error: unknown, closeCode: number | undefined): Error {
  const badToken =
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) || closeCode === GatewayCloseCodes.AuthenticationFailed;
  if (badToken) {
    return new ConfigError("DISCORD_BOT_TOKEN", "was rejected by Discord: copy the token again from your application's Bot page in the developer portal");
  }
  if (closeCode === GatewayCloseCodes.DisallowedIntents) {
    return new ConfigError(
      "DISCORD_BOT_TOKEN",
      "belongs to a bot without the Message Content intent: turn it on under Bot > Privileged Gateway Intents in the developer portal",
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
