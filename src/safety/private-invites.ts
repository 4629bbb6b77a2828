import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Platform } from "../conversation/model.js";
import { handoffPrioritySchema, handoffReasonSchema } from "../handoff/job.js";

/** What a token looks like: what Telegram accepts after /start (1-64 of A-Z, a-z, 0-9, _ and -). */
export const INVITE_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** Long enough to move from a group to a private chat; a link found later in the group's history no longer works. */
export const INVITE_TTL_MS = 60 * 60 * 1000;

const inviteSchema = z.object({
  platform: z.string(),
  userId: z.string(),
  /** The public conversation the invitation came from (for the logs and the agent). */
  fromConversation: z.string(),
  topic: z.string().nullable(),
  /** Set when the public conversation asked for a person: the handoff opens in private. */
  handoff: z.object({ reason: handoffReasonSchema, priority: handoffPrioritySchema }).optional(),
});
export type Invite = z.infer<typeof inviteSchema>;

/**
 * Invitations to continue a public conversation in private. The token in the deep link
 * (`t.me/<bot>?start=<token>`) is random and carries nothing itself: the context stays in Redis,
 * so nothing the user wrote in public travels in a link.
 */
export class PrivateInvites {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** A fresh single-use token (22 characters of A-Z a-z 0-9 _ -, as Telegram's start parameter allows). */
  async mint(invite: Invite): Promise<string> {
    const token = randomBytes(16).toString("base64url");
    await this.redis.set(this.key(token), JSON.stringify(invite), "PX", INVITE_TTL_MS);
    return token;
  }

  /**
   * The invitation behind a token, once, and only for the user it was made for: a link in a group
   * is visible to everyone, and another member who clicks it must not resume someone else's case.
   */
  async redeem(token: string, platform: Platform, userId: string): Promise<Invite | undefined> {
    if (!INVITE_TOKEN.test(token)) return undefined;
    const json = await this.redis.get(this.key(token));
    if (json === null) return undefined;
    const parsed = inviteSchema.safeParse(JSON.parse(json));
    if (!parsed.success || parsed.data.platform !== platform || parsed.data.userId !== userId) return undefined;
    await this.redis.del(this.key(token));
    return parsed.data;
  }

  private key(token: string): string {
    return `${this.prefix}invite:${token}`;
  }
}
