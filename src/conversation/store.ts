import type { Redis } from "ioredis";
import { StoreConflictError } from "../errors.js";
import { type Conversation, conversationSchema } from "./model.js";

/**
 * How long a processed inbound message id is remembered. Telegram redelivers an unconfirmed update
 * for up to 24 h, Discord replays a resumed session within minutes: a day covers both.
 */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** Compare-and-set retries before an update gives up: collisions need other writers at that very moment. */
const MAX_UPDATE_ATTEMPTS = 50;

/** Random back-off between attempts (up to this many ms), so colliding writers stop colliding. */
const MAX_BACKOFF_MS = 20;

/**
 * Writes the conversation only if nobody else wrote it since we read it (its revision is unchanged),
 * so two concurrent updates of one conversation never lose each other's changes.
 * KEYS[1] conversation hash; ARGV: expected revision, json, ttl in ms.
 */
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], 'rev')
if (current or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', tostring(tonumber(ARGV[1]) + 1), 'json', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

export interface ConversationStoreOptions {
  /** Key prefix (REDIS_PREFIX), so several bots or test runs share one Redis. */
  prefix: string;
  /** A conversation is forgotten this long after its last update (CONVERSATION_TTL_DAYS). */
  ttlMs: number;
}

/** Conversations and de-duplication keys in Redis. */
export class ConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: ConversationStoreOptions,
  ) {}

  private key(id: string): string {
    return `${this.options.prefix}conv:${id}`;
  }

  async load(id: string): Promise<Conversation | undefined> {
    return (await this.read(id)).conversation;
  }

  /**
   * Applies `change` to the stored conversation (or to `create()` when there is none) and saves it
   * atomically; on a concurrent write it re-reads and applies `change` again, so `change` must only
   * compute (no sending). Returns what `change` returned.
   */
  async update<T>(
    id: string,
    create: () => Conversation,
    change: (conversation: Conversation) => T | Promise<T>,
  ): Promise<{ conversation: Conversation; result: T }> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const { conversation: stored, revision } = await this.read(id);
      const conversation = stored ?? create();
      const result = await change(conversation);
      conversation.updatedAt = Math.max(conversation.updatedAt, Date.now());
      const written = await this.redis.eval(
        COMPARE_AND_SET,
        1,
        this.key(id),
        revision,
        JSON.stringify(conversation),
        String(this.options.ttlMs),
      );
      if (written === 1) return { conversation, result };
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt)));
    }
    throw new StoreConflictError(id);
  }

  /** True the first time a platform message id is seen; false for a redelivery. */
  async claimMessage(platform: string, messageId: string): Promise<boolean> {
    const set = await this.redis.set(`${this.options.prefix}dedupe:${platform}:${messageId}`, "1", "PX", DEDUPE_TTL_MS, "NX");
    return set === "OK";
  }

  /** Forgets a claim, so a redelivery of a message whose handling failed is processed again. */
  async releaseMessage(platform: string, messageId: string): Promise<void> {
    await this.redis.del(`${this.options.prefix}dedupe:${platform}:${messageId}`);
  }

  private async read(id: string): Promise<{ conversation: Conversation | undefined; revision: string }> {
    const [revision, json] = await this.redis.hmget(this.key(id), "rev", "json");
    if (!json) return { conversation: undefined, revision: revision ?? "0" };
    return { conversation: conversationSchema.parse(JSON.parse(json)), revision: revision ?? "0" };
  }
}
