import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INVITE_TTL_MS, type Invite, PrivateInvites } from "../../src/safety/private-invites.js";
import { testRedis } from "../support/redis.js";

describe("PrivateInvites (real Redis)", () => {
  let env: Awaited<ReturnType<typeof testRedis>>;
  let invites: PrivateInvites;
  const invite: Invite = { platform: "telegram", userId: "42", fromConversation: "telegram:comment:-100:42", topic: "refund.status" };

  beforeEach(async () => {
    env = await testRedis();
    invites = new PrivateInvites(env.redis, env.prefix);
  });
  afterEach(() => env.cleanup());

  it("mints a deep-link-safe token that resumes once, for its user only", async () => {
    const token = await invites.mint(invite);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await invites.redeem(token, "telegram", "43")).toBeUndefined();
    expect(await invites.redeem(token, "discord", "42")).toBeUndefined();
    expect(await invites.redeem(token, "telegram", "42")).toEqual(invite);
    expect(await invites.redeem(token, "telegram", "42")).toBeUndefined();
  });

  it("stores only the context, never what the user wrote, and forgets it after an hour", async () => {
    const token = await invites.mint({ ...invite, handoff: { reason: "requested", priority: "normal" } });
    const key = `${env.prefix}invite:${token}`;
    expect(JSON.parse((await env.redis.get(key)) ?? "{}")).toEqual({ ...invite, handoff: { reason: "requested", priority: "normal" } });
    const ttl = await env.redis.pttl(key);
    expect(ttl).toBeGreaterThan(INVITE_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(INVITE_TTL_MS);
  });

  it("ignores a start payload that is not one of its tokens", async () => {
    expect(await invites.redeem("not a token!", "telegram", "42")).toBeUndefined();
    expect(await invites.redeem("x".repeat(65), "telegram", "42")).toBeUndefined();
    expect(await invites.redeem("unknownToken", "telegram", "42")).toBeUndefined();
  });
});
