import type { Redis } from "ioredis";

/**
 * Deletes every key under this prefix: what a test or a benchmark leaves in the shared Redis. In
 * chunks: a benchmark leaves hundreds of thousands of keys, more than one DEL should carry. No
 * vitest import here, so benchmarks can use it too.
 */
export async function clearPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}
