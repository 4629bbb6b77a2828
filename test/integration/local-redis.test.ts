import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { pingRedis, startLocalRedis } from "../../src/redis/local-server.js";

describe("private redis-server for local runs", () => {
  it("starts with its data on disk, keeps what was written, and stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "topay-redis-"));
    try {
      const local = await startLocalRedis({ dataDir: dir });
      const port = Number(new URL(local.url).port);
      expect(await pingRedis("127.0.0.1", port)).toBe(true);
      const client = new Redis(local.url);
      await client.set("k", "v");
      client.disconnect();
      await local.stop();
      expect(await pingRedis("127.0.0.1", port)).toBe(false);
      expect(existsSync(join(dir, "appendonlydir"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
