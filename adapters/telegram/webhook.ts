import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { readJson, secretEquals, sendJson } from "../../src/http/server.js";
import { errorFields } from "./errors.js";

/** Telegram sends the secret given to setWebhook in this header with every update. */
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookOptions {
  secret: string;
  /** False while the adapter stops: Telegram gets 503 and delivers the update again later. */
  accepting: () => boolean;
  /** Handles one update as parsed from JSON, unchecked; throws only when the pipeline failed. */
  handle: (raw: unknown) => Promise<void>;
  log: Logger;
}

/**
 * The webhook endpoint. A wrong secret gets 401 before the body is read. A request the bot cannot
 * read (not JSON, over the size limit) is answered 200 and logged once, like a malformed update:
 * any other answer makes Telegram deliver it again, forever. Only a failure of the pipeline answers
 * 500, so that the update gets a second chance (the pipeline forgot it).
 */
export function webhookHandler(options: WebhookOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (!options.accepting()) return sendJson(res, 503, { error: "telegram adapter is stopping" });
    if (!secretEquals(req.headers[SECRET_HEADER], options.secret)) return sendJson(res, 401, { error: "wrong secret token" });
    const body = await readJson(req);
    if (!body.ok) {
      options.log.warn({ reason: body.status === 413 ? body.reason : "not JSON" }, "unreadable telegram webhook request ignored");
      // The rest of a body too large is never read: the connection cannot carry another request.
      if (body.status === 413) res.setHeader("connection", "close");
      return sendJson(res, 200, {});
    }
    try {
      await options.handle(body.value);
      sendJson(res, 200, {});
    } catch (error) {
      options.log.error(errorFields(error), "telegram update failed");
      sendJson(res, 500, { error: "update not processed" });
    }
  };
}
