import { webApi } from "@slack/bolt";
import { StaffRateLimitedError, StaffRejectedError } from "../../src/errors.js";

/** Slack's answers that no retry will change: the configuration or the request is wrong. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "invalid_blocks",
  "invalid_arguments",
  "msg_too_long",
  "no_text",
  "cant_update_message",
  "message_not_found",
  "user_not_in_channel",
]);

/** Slack may say Retry-After: 0; waiting a moment still beats hammering it. */
const MIN_RETRY_AFTER_MS = 100;

/**
 * Runs one Web API call and translates Slack's errors into ours: 429 -> StaffRateLimitedError
 * (Retry-After kept), a permanent platform error -> StaffRejectedError; 5xx and network errors
 * pass through for the queue's backoff.
 */
export async function callSlack<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof webApi.WebAPIRateLimitedError) throw new StaffRateLimitedError("slack", Math.max(MIN_RETRY_AFTER_MS, error.retryAfter * 1000));
    if (error instanceof webApi.WebAPIPlatformError && PERMANENT.has(error.data.error)) throw new StaffRejectedError("slack", error.data.error, { cause: error });
    throw error;
  }
}
