import { redact } from "./redact.js";

/** Ids the bot or the platform made (messageId, chatId, handoffId...): never user text, so left as they are. */
const ID_KEY = /(?:^id|Id|_id|Ids)$/;

/** Log objects are small; anything nested deeper than this is not user text worth the walk. */
const MAX_DEPTH = 8;

/**
 * A copy of a log object with every string redacted, however it got there (`text`, `relay`, an
 * error message quoting the user...). Errors become plain `{ type, message, stack, code, cause }` first.
 */
export function redactFields(value: unknown, key = "", depth = 0): unknown {
  if (typeof value === "string") return ID_KEY.test(key) ? value : redact(value).text;
  if (value === null || typeof value !== "object" || depth >= MAX_DEPTH) return value;
  if (value instanceof Error) {
    const { name: type, message, stack, cause } = value;
    const code = (value as { code?: unknown }).code;
    return redactFields({ type, message, stack, ...(code === undefined ? {} : { code }), ...(cause === undefined ? {} : { cause }) }, key, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redactFields(item, key, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactFields(item, name, depth + 1)]));
}
