import type { webApi } from "@slack/bolt";
import type { Agent } from "../../src/handoff/job.js";
import { callSlack } from "./errors.js";

/** Channel membership changes rarely; a minute keeps a busy channel from paging the member list on every click. */
export const MEMBERS_TTL_MS = 60_000;
/** Display names change even more rarely. */
const NAMES_TTL_MS = 60 * 60_000;

export interface SlackDirectoryOptions {
  client: webApi.WebClient;
  /** SLACK_HANDOFF_CHANNEL: its members are staff. */
  channel: string;
  /** SLACK_STAFF_ALLOWLIST: user ids allowed to act without being members. */
  allowlist: string[];
  now?: () => number;
}

/** Who is staff (members of the handoff channel, or the allowlist) and what agents are called. */
export class SlackDirectory {
  private members: { ids: Set<string>; until: number } | undefined;
  private readonly names = new Map<string, { name: string; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: SlackDirectoryOptions) {
    this.now = options.now ?? Date.now;
  }

  async isStaff(userId: string): Promise<boolean> {
    if (this.options.allowlist.includes(userId)) return true;
    if (!this.members || this.members.until <= this.now()) this.members = { ids: await this.fetchMembers(), until: this.now() + MEMBERS_TTL_MS };
    return this.members.ids.has(userId);
  }

  /** The agent as users see them: their Slack display name (falls back to the id when Slack will not say). */
  async agent(userId: string): Promise<Agent> {
    const cached = this.names.get(userId);
    if (cached && cached.until > this.now()) return { id: userId, name: cached.name };
    const name = await callSlack(() => this.options.client.users.info({ user: userId })).then(
      (result) => result.user?.profile?.display_name || result.user?.real_name || result.user?.name || userId,
      () => userId,
    );
    this.names.set(userId, { name, until: this.now() + NAMES_TTL_MS });
    return { id: userId, name };
  }

  private async fetchMembers(): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await callSlack(() => this.options.client.conversations.members({ channel: this.options.channel, limit: 1000, ...(cursor ? { cursor } : {}) }));
      for (const id of page.members ?? []) ids.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return ids;
  }
}
