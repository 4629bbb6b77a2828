import type { Redis } from "ioredis";
import { Metrics } from "../../src/metrics.js";
import { PrivateInvites } from "../../src/safety/private-invites.js";
import { RateLimiter } from "../../src/safety/rate-limit.js";

/** The config defaults (RATE_LIMIT_BURST, RATE_LIMIT_PER_MINUTE): tests that build a Pipeline meet the limits users meet. */
export const DEFAULT_LIMITS = { burst: 8, perMinute: 20 };

/** The pipeline's safety dependencies (and its metrics) on a test Redis and prefix, wired as main.ts wires them. */
export function safetyDeps(redis: Redis, prefix: string, limits = DEFAULT_LIMITS, now?: () => number) {
  return { limiter: new RateLimiter(redis, { prefix, ...limits }, now), invites: new PrivateInvites(redis, prefix), metrics: new Metrics() };
}

/** Every value stored under `prefix`, as text: to prove a secret is nowhere in Redis. */
export async function dumpRedis(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys(`${prefix}*`)) {
    const type = await redis.type(key);
    if (type === "string") parts.push(key, (await redis.get(key)) ?? "");
    else if (type === "hash") parts.push(key, JSON.stringify(await redis.hgetall(key)));
    else if (type === "list") parts.push(key, ...(await redis.lrange(key, 0, -1)));
    else if (type === "set") parts.push(key, ...(await redis.smembers(key)));
    else if (type === "zset") parts.push(key, ...(await redis.zrange(key, "0", "-1")));
    else if (type === "stream") parts.push(key, JSON.stringify(await redis.xrange(key, "-", "+")));
  }
  return parts.join("\n");
}
