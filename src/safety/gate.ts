import type { Logger } from "pino";
import { type HandleResult, type InboundMessage, type Language, NOTHING } from "../conversation/model.js";
import { TEXT } from "../texts.js";
import type { RateLimiter } from "./rate-limit.js";

/** Longer texts get a polite reply and are not processed: no one types this much into a support chat. */
export const MAX_TEXT_CHARS = 4000;

/**
 * What stops a message before the engine sees it: a user over their rate limit, a text too long
 * to be a question. Returns the reply to send instead, or undefined to go on.
 */
export async function screenInbound(
  inbound: InboundMessage,
  deps: { limiter: RateLimiter; log: Logger; language: () => Promise<Language> },
): Promise<HandleResult | undefined> {
  const { platform } = inbound.ref;
  const verdict = await deps.limiter.take(platform, inbound.author.id);
  if (verdict === "drop") return NOTHING;
  if (verdict === "warn") {
    deps.log.info({ platform, userId: inbound.author.id }, "user over the rate limit: asked to slow down, further messages dropped");
    return { replies: [{ text: TEXT.slowDown[await deps.language()], buttons: [] }], deleteInbound: false };
  }
  if (inbound.text.length > MAX_TEXT_CHARS) {
    deps.log.info({ platform, userId: inbound.author.id, length: inbound.text.length }, "text too long: not processed");
    return { replies: [{ text: TEXT.tooLong[await deps.language()], buttons: [] }], deleteInbound: false };
  }
  return undefined;
}
