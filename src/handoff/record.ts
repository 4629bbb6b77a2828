import type { Redis } from "ioredis";
import { z } from "zod";
import { type Turn, turnSchema } from "../conversation/model.js";
import { type Agent, agentSchema, type HandoffData, handoffDataSchema } from "./job.js";

/** `queued`: waiting for a person; `assigned`: claimed; `resolved` and `returned` (to the bot) are final. */
export const handoffStatusSchema = z.enum(["queued", "assigned", "resolved", "returned"]);
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;

/** Where a card lives on the staff side (a Slack channel and message ts, or the console's own ids). */
export interface CardLocation {
  channel: string;
  ts: string;
}

const json = <T extends z.ZodType>(schema: T) => z.string().transform((text) => JSON.parse(text) as unknown).pipe(schema);
const time = z.coerce.number().int().optional();

/** The handoff hash as Redis stores it: every field a string. */
const storedSchema = z.object({
  data: json(handoffDataSchema),
  status: handoffStatusSchema,
  claimedBy: json(agentSchema).optional(),
  claimedAt: time,
  closedBy: json(agentSchema).optional(),
  closedAt: time,
  cardChannel: z.string().optional(),
  cardTs: z.string().optional(),
  /** How many of the user's messages while waiting the card itself shows; later ones go to the thread. */
  cardIncluded: z.coerce.number().int().default(0),
  csat: z.coerce.number().int().min(1).max(5).optional(),
});

export interface HandoffRecord {
  data: HandoffData;
  status: HandoffStatus;
  claimedBy?: Agent;
  claimedAt?: number;
  closedBy?: Agent;
  closedAt?: number;
  card?: CardLocation;
  cardIncluded: number;
  csat?: number;
}

/** A new handoff unless the conversation already has an open one; returns the id that is open. */
const CREATE = `
local existing = redis.call('GET', KEYS[3])
if existing and existing ~= ARGV[3] then
  local status = redis.call('HGET', KEYS[4] .. existing, 'status')
  if status == 'queued' or status == 'assigned' then return existing end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'data', ARGV[1], 'status', 'queued')
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return ARGV[3]
`;

/**
 * Moves the status only from one of the allowed states, so two agents clicking at once get one
 * winner. KEYS: hash, waiting set. ARGV: allowed (comma list), to, id, ttl, then field/value pairs.
 * Returns {1, previous} when moved, {0, current} when not.
 */
const MOVE = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return {0, ''} end
if not string.find(',' .. ARGV[1] .. ',', ',' .. current .. ',', 1, true) then return {0, current} end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[2] ~= 'queued' then redis.call('ZREM', KEYS[2], ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, current}
`;

/** How many claim times are kept to estimate the wait: enough to smooth one slow or busy spell. */
const CLAIM_HISTORY = 20;

/** Urgent handoffs sort before every normal one, then first come first served. */
const PRIORITY_WEIGHT = 1e13;

export interface HandoffRecordsOptions {
  prefix: string;
  /** Handoffs are forgotten this long after their last change (CONVERSATION_TTL_DAYS). */
  ttlMs: number;
}

/** The state of every handoff in Redis: the source of truth the worker, the desk and staff actions share. */
export class HandoffRecords {
  constructor(
    private readonly redis: Redis,
    private readonly options: HandoffRecordsOptions,
  ) {}

  private key(id: string): string {
    return `${this.options.prefix}handoff:${id}`;
  }

  private followupsKey(id: string): string {
    return `${this.key(id)}:followups`;
  }

  private threadKey(at: CardLocation): string {
    return `${this.options.prefix}handoff-thread:${at.channel}:${at.ts}`;
  }

  private get waitingKey(): string {
    return `${this.options.prefix}handoff-waiting`;
  }

  private get claimsKey(): string {
    return `${this.options.prefix}handoff-claims`;
  }

  /** Creates the handoff (idempotent by id); returns the id of the conversation's open handoff. */
  async create(data: HandoffData): Promise<string> {
    const score = (data.priority === "urgent" ? 0 : PRIORITY_WEIGHT) + data.openedAt;
    const openKey = `${this.options.prefix}handoff-open:${data.conversationId}`;
    const keys = [this.key(data.handoffId), this.waitingKey, openKey, `${this.options.prefix}handoff:`];
    return (await this.redis.eval(CREATE, keys.length, ...keys, JSON.stringify(data), score, data.handoffId, this.options.ttlMs)) as string;
  }

  async get(id: string): Promise<HandoffRecord | undefined> {
    const raw = await this.redis.hgetall(this.key(id));
    if (!raw.data) return undefined;
    const { cardChannel, cardTs, ...stored } = storedSchema.parse(raw);
    return { ...stored, ...(cardChannel && cardTs ? { card: { channel: cardChannel, ts: cardTs } } : {}) };
  }

  /** Moves to `to` if the status is one of `from`; returns whether it moved and the status before. */
  async move(id: string, from: HandoffStatus[], to: HandoffStatus, fields: Record<string, string | number> = {}): Promise<{ moved: boolean; previous: string }> {
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, String(value)]);
    const [moved, previous] = (await this.redis.eval(MOVE, 2, this.key(id), this.waitingKey, from.join(","), to, id, this.options.ttlMs, ...pairs)) as [number, string];
    return { moved: moved === 1, previous };
  }

  /** 1 for the first in line; undefined once claimed or closed. */
  async position(id: string): Promise<number | undefined> {
    const rank = await this.redis.zrank(this.waitingKey, id);
    return rank === null ? undefined : rank + 1;
  }

  async recordClaim(at: number): Promise<void> {
    await this.redis.multi().lpush(this.claimsKey, at).ltrim(this.claimsKey, 0, CLAIM_HISTORY - 1).exec();
  }

  /** The latest claim times, newest first. */
  async recentClaims(): Promise<number[]> {
    return (await this.redis.lrange(this.claimsKey, 0, -1)).map(Number);
  }

  /**
   * Keeps a message the user sent while waiting. Atomic with reading the card, so each message is
   * either in the card (posted later) or reported here as needing a thread post, never neither.
   */
  async appendFollowup(id: string, turn: Turn): Promise<{ index: number; card?: CardLocation }> {
    const results = await this.redis
      .multi()
      .rpush(this.followupsKey(id), JSON.stringify(turn))
      .pexpire(this.followupsKey(id), this.options.ttlMs)
      .hmget(this.key(id), "cardChannel", "cardTs")
      .exec();
    const length = results?.[0]?.[1] as number;
    const [channel, ts] = results?.[2]?.[1] as [string | null, string | null];
    return { index: length - 1, ...(channel && ts ? { card: { channel, ts } } : {}) };
  }

  async followups(id: string, first = 0, count = Number.POSITIVE_INFINITY): Promise<Turn[]> {
    // A range, not the whole list: a job that posts one follow-up should not read them all.
    if (count <= 0) return [];
    const last = Number.isFinite(count) ? first + count - 1 : -1;
    return (await this.redis.lrange(this.followupsKey(id), first, last)).map((line) => turnSchema.parse(JSON.parse(line)));
  }

  /**
   * Records where the card is, before its job completes (again after a crash: same values).
   * Returns how many follow-ups exist by then and the status now, in the same transaction.
   */
  async storeCard(id: string, at: CardLocation, included: number): Promise<{ followups: number; status: string | null }> {
    const results = await this.redis
      .multi()
      .hset(this.key(id), "cardChannel", at.channel, "cardTs", at.ts, "cardIncluded", included)
      .set(this.threadKey(at), id, "PX", this.options.ttlMs)
      .llen(this.followupsKey(id))
      .hget(this.key(id), "status")
      .exec();
    return { followups: results?.[2]?.[1] as number, status: results?.[3]?.[1] as string | null };
  }

  /** The handoff whose card is at this location: a thread relays only to its own conversation. */
  async byCard(at: CardLocation): Promise<string | undefined> {
    return (await this.redis.get(this.threadKey(at))) ?? undefined;
  }

  /** True the first time; a retried thread post after a crash skips what was already posted. */
  async isPosted(id: string, index: number): Promise<boolean> {
    return (await this.redis.hexists(this.key(id), `posted:${index}`)) === 1;
  }

  async markPosted(id: string, index: number): Promise<void> {
    await this.redis.hset(this.key(id), `posted:${index}`, Date.now());
  }

  /** Remembers which handoff the user's next satisfaction click rates. */
  async awaitRating(conversationId: string, id: string): Promise<void> {
    await this.redis.set(`${this.options.prefix}handoff-rating:${conversationId}`, id, "PX", this.options.ttlMs);
  }

  /** Stores the score with the handoff the conversation last resolved; undefined when none awaits one. */
  async rate(conversationId: string, score: number): Promise<string | undefined> {
    const id = await this.redis.getdel(`${this.options.prefix}handoff-rating:${conversationId}`);
    if (!id) return undefined;
    await this.redis.hset(this.key(id), "csat", score, "csatAt", Date.now());
    return id;
  }
}
