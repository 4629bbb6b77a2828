import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { clearPrefix } from "./clear-prefix.js";

/**
 * A Redis client and a key prefix of its own, so tests never see each other's keys; `cleanup` deletes them.
 * `url`: another Redis than the suite's (a test that stops its server).
 */
export async function testRedis(url = inject("REDIS_URL")): Promise<{ redis: Redis; prefix: string; url: string; cleanup: () => Promise<void> }> {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `test-${randomUUID()}:`;
  return {
    redis,
    prefix,
    url,
    cleanup: async () => {
      await clearPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
