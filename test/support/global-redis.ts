import type { TestProject } from "vitest/node";
import { startLocalRedis } from "../../src/redis/local-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    REDIS_URL: string;
  }
}

/** Integration tests talk to a real Redis: REDIS_URL when set, else a private redis-server on a free port. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.REDIS_URL) {
    project.provide("REDIS_URL", process.env.REDIS_URL);
    return undefined;
  }
  const redis = await startLocalRedis();
  project.provide("REDIS_URL", redis.url);
  return () => redis.stop();
}
