import { readFileSync } from "node:fs";
import type { Update } from "grammy/types";

const FIXTURES = new URL("../fixtures/telegram/", import.meta.url);
let lastUpdateId = 100_000;

/**
 * test/fixtures/telegram/<name>.json with a fresh update_id: Telegram numbers updates in the order
 * they happen, and a bot that polls asks only for ids above the last one it handled.
 */
export function telegramUpdate(name: string): Update {
  const update = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as Update;
  update.update_id = ++lastUpdateId;
  return update;
}
