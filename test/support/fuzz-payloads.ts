import { readdirSync } from "node:fs";
import fc from "fast-check";
import { hostileText, wrongType } from "./fuzz-text.js";
import { telegramUpdate } from "./telegram-updates.js";

/**
 * Platform payloads for the fuzz tests: real ones (the Telegram fixtures, the fake Discord's
 * messages) carrying hostile text, with fields removed or given values of the wrong type at any
 * depth, next to update kinds nobody knows and JSON that is not an update at all.
 */

const MISSING = Symbol("missing");
/** Deep enough for every field of a Telegram update or a Discord message. */
const MAX_PATH_DEPTH = 4;

type Json = Record<string, unknown>;

/** Every path to a field or array item of `value`, parents before children. */
function pathsOf(value: unknown, depth = 0): (string | number)[][] {
  if (value === null || typeof value !== "object" || depth >= MAX_PATH_DEPTH) return [];
  return Object.keys(value).flatMap((key) => {
    const step = Array.isArray(value) ? Number(key) : key;
    return [[step], ...pathsOf((value as Json)[key], depth + 1).map((rest) => [step, ...rest])];
  });
}

export interface Corruption {
  /** Picks the path among the payload's paths (modulo their number). */
  at: number;
  value: unknown;
}

/** One to three changes: a field removed, or given a value of the wrong type. */
export const corruptions: fc.Arbitrary<Corruption[]> = fc.array(fc.record({ at: fc.nat(), value: fc.oneof(fc.constant<unknown>(MISSING), wrongType) }), {
  minLength: 1,
  maxLength: 3,
});

/** A copy of `payload` with the changes made, at any depth. */
export function corrupt<T>(payload: T, changes: Corruption[]): T {
  const copy = structuredClone(payload);
  for (const { at, value } of changes) {
    const paths = pathsOf(copy);
    const path = paths[at % Math.max(1, paths.length)];
    if (!path) continue;
    const parent = path.slice(0, -1).reduce<unknown>((node, step) => (node as Json)[step], copy) as Json;
    const last = path.at(-1) as string | number;
    if (value === MISSING) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

const TELEGRAM_FIXTURES = readdirSync(new URL("../fixtures/telegram/", import.meta.url))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -".json".length));

/**
 * A fixture update whose text (or caption) is hostile. What addressed the bot in a group (the
 * @mention or command at the start) stays, so the group still asks the bot.
 */
const telegramWithHostileText: fc.Arbitrary<Json> = fc.tuple(fc.constantFrom(...TELEGRAM_FIXTURES), hostileText).map(([name, text]) => {
  const update = telegramUpdate(name) as unknown as Json;
  const message = update.message as Json | undefined;
  const field = message && typeof message.caption === "string" ? "caption" : "text";
  if (message && typeof message[field] === "string") {
    const entities = (message.entities ?? message.caption_entities ?? []) as { offset: number; length: number }[];
    const addressed = Math.max(0, ...entities.filter((entity) => entity.offset === 0).map((entity) => entity.length));
    message[field] = `${(message[field] as string).slice(0, addressed)} ${text}`.trimStart();
  }
  return update;
});

/** Update kinds the bot does not read (Telegram adds new ones), and JSON that is no update at all. */
const telegramUnknown: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ update_id: fc.nat(), kind: fc.string({ minLength: 1, maxLength: 30 }), body: fc.jsonValue({ maxDepth: 3 }) }).map(({ update_id, kind, body }) => ({ update_id, [kind]: body })),
  fc.jsonValue({ maxDepth: 4 }),
  wrongType,
);

/** Raw Telegram updates: real ones with hostile text, broken ones, unknown ones. */
export const telegramPayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: telegramWithHostileText },
  { weight: 4, arbitrary: fc.tuple(telegramWithHostileText, corruptions).map(([update, changes]) => corrupt(update, changes)) },
  { weight: 1, arbitrary: telegramUnknown },
);

/** The fixtures' users: each fuzzed update is given users of its own, so no two share a conversation or a rate limit. */
const FIXTURE_USERS = new Set([111_111_111, 222_222_222]);
const FIRST_FUZZ_USER = 3_000_000_000;

/**
 * A payload as the JSON body Telegram would post, made the `n`-th update of a new user: fresh
 * update, message and callback ids, and the fixture users (and their private chats) replaced.
 */
export function asTelegramBody(payload: unknown, n: number): string {
  return JSON.stringify(payload, (key, value: unknown) => {
    if ((key === "update_id" || key === "message_id") && typeof value === "number") return n;
    if (key === "id" && typeof value === "number" && FIXTURE_USERS.has(value)) return FIRST_FUZZ_USER + n;
    if (key === "id" && typeof value === "string" && /^\d+$/.test(value)) return `cb-${n}`;
    return value;
  }) ?? "null";
}
