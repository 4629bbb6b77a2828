import type { Api } from "grammy";
import type { Logger } from "pino";
import { errorFields } from "./errors.js";

/**
 * How long the bot's rights in a group are trusted. Promotions are rare and a my_chat_member
 * update refreshes them at once; a getChatMember call per message would be wasteful.
 */
export const RIGHTS_TTL_MS = 5 * 60 * 1000;

/** What decides the bot's rights in a chat, in getChatMember's answer and in a my_chat_member update. */
export interface MemberRights {
  status: string;
  can_delete_messages?: boolean;
}

/** Whether the bot may delete users' messages in a group (admin with can_delete_messages), cached per chat. */
export class DeleteRights {
  private readonly cache = new Map<number, { canDelete: Promise<boolean>; expiresAt: number }>();

  constructor(
    private readonly api: Api,
    private readonly botId: number,
    private readonly log: Logger,
  ) {}

  canDelete(chatId: number, now = Date.now()): Promise<boolean> {
    const cached = this.cache.get(chatId);
    if (cached && cached.expiresAt > now) return cached.canDelete;
    const canDelete = this.api.getChatMember(chatId, this.botId).then(mayDelete, (error: unknown) => {
      this.log.warn({ chatId, ...errorFields(error) }, "could not read the bot's rights in a group");
      // Not cached: the next message asks again.
      if (this.cache.get(chatId)?.canDelete === canDelete) this.cache.delete(chatId);
      return false;
    });
    this.cache.set(chatId, { canDelete, expiresAt: now + RIGHTS_TTL_MS });
    return canDelete;
  }

  /** A my_chat_member update: the bot's new rights, straight from Telegram. */
  remember(chatId: number, member: MemberRights, now = Date.now()): void {
    this.cache.set(chatId, { canDelete: Promise.resolve(mayDelete(member)), expiresAt: now + RIGHTS_TTL_MS });
  }
}

function mayDelete(member: MemberRights): boolean {
  return member.status === "creator" || (member.status === "administrator" && member.can_delete_messages === true);
}
