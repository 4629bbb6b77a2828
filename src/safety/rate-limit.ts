import type { Redis } from "ioredis";

/** `allow`: go on. `warn`: the first message over the limit, answered with "please slow down". `drop`: the rest, silently. */
export type RateVerdict = "allow" | "warn" | "drop";

export interface RateLimitOptions {
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Messages a user may send at once before the limit bites (RATE_LIMIT_BURST). */
  burst: number;
  /** Messages per minute a user may keep sending (RATE_LIMIT_PER_MINUTE). */
  perMinute: number;
}

/**
 * A token bucket per user, in one atomic step so that several bot processes share it.
 * KEYS[1] the user's bucket, KEYS[2] the dropped-message counters.
 * ARGV: now in ms, burst, tokens per ms, bucket ttl in ms, counter field (the platform).
 * The bucket remembers whether this flood was already warned about; a granted token forgets it.
 */
const TAKE = `
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'warned')
local now = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * tonumber(ARGV[3]))
  at = now
end
local verdict = 'allow'
local warned = '0'
if tokens >= 1 then
  tokens = tokens - 1
elseif bucket[3] == '1' then
  verdict = 'drop'
  warned = '1'
  redis.call('HINCRBY', KEYS[2], ARGV[5], 1)
else
  verdict = 'warn'
  warned = '1'
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at), 'warned', warned)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return verdict
`;

const MS_PER_MINUTE = 60_000;

/** Per-user message rate limit in Redis; dropped messages are counted per platform. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one of the user's tokens and says what to do with their message. */
  async take(platform: string, userId: string): Promise<RateVerdict> {
    const { prefix, burst, perMinute } = this.options;
    const tokensPerMs = perMinute / MS_PER_MINUTE;
    // An idle bucket is full again after burst / rate; past that, keeping it is pointless.
    const ttlMs = Math.ceil(burst / tokensPerMs) + MS_PER_MINUTE;
    const verdict = await this.redis.eval(TAKE, 2, `${prefix}rate:${platform}:${userId}`, this.droppedKey(), this.now(), burst, tokensPerMs, ttlMs, platform);
    return verdict as RateVerdict;
  }

  /** Messages dropped without an answer so far on one platform (for operators: `HGET <prefix>rate:dropped <platform>`). */
  async dropped(platform: string): Promise<number> {
    return Number((await this.redis.hget(this.droppedKey(), platform)) ?? 0);
  }

  private droppedKey(): string {
    return `${this.options.prefix}rate:dropped`;
  }
}
