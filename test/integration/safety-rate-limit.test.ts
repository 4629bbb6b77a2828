import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/safety/rate-limit.js";
import { testRedis } from "../support/redis.js";

describe("RateLimiter (real Redis)", () => {
  let env: Awaited<ReturnType<typeof testRedis>>;
  let now: number;
  const clock = () => now;

  beforeEach(async () => {
    env = await testRedis();
    now = 1_700_000_000_000;
  });
  afterEach(() => env.cleanup());

  const limiter = (burst = 3, perMinute = 6) => new RateLimiter(env.redis, { prefix: env.prefix, burst, perMinute }, clock);

  it("lets a burst through, warns once, then drops and counts the rest", async () => {
    const limits = limiter();
    const verdicts = [];
    for (let i = 0; i < 7; i++) verdicts.push(await limits.take("telegram", "u1"));
    expect(verdicts).toEqual(["allow", "allow", "allow", "warn", "drop", "drop", "drop"]);
    expect(await limits.dropped("telegram")).toBe(3);
    expect(await limits.dropped("discord")).toBe(0);
  });

  it("refills with time, and a new flood after a pause gets a new warning", async () => {
    const limits = limiter();
    for (let i = 0; i < 5; i++) await limits.take("telegram", "u1");
    now += 10_000; // 6 per minute: one token per 10 s
    expect(await limits.take("telegram", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u1")).toBe("warn");
    now += 60_000;
    expect(await limits.take("telegram", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u1")).toBe("warn");
  });

  it("keeps users and platforms apart", async () => {
    const limits = limiter(1);
    expect(await limits.take("telegram", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u2")).toBe("allow");
    expect(await limits.take("discord", "u1")).toBe("allow");
    expect(await limits.take("telegram", "u1")).toBe("warn");
  });

  it("grants exactly the burst to concurrent messages, across two limiter instances (two bot processes)", async () => {
    const [a, b] = [limiter(5), limiter(5)];
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take("discord", "flood")));
    expect(verdicts.filter((verdict) => verdict === "allow")).toHaveLength(5);
    expect(verdicts.filter((verdict) => verdict === "warn")).toHaveLength(1);
    expect(await a.dropped("discord")).toBe(34);
  });

  it("expires an idle bucket", async () => {
    await limiter().take("telegram", "idle");
    const ttl = await env.redis.pttl(`${env.prefix}rate:telegram:idle`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000 + 60_000);
  });
});
