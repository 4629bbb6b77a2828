import type { webApi } from "@slack/bolt";
import type { HandoffCard } from "../../src/handoff/card.js";
import type { CardLocation } from "../../src/handoff/record.js";
import type { StaffSurface } from "../../src/handoff/staff.js";
import { cardBlocks, cardFallback } from "./blocks.js";
import type { SlackDirectory } from "./directory.js";
import { callSlack } from "./errors.js";
import { escapeSlack } from "./format.js";

/** The card's message metadata: how a restarted worker recognises a card it posted but never recorded. */
export const CARD_EVENT_TYPE = "topay_handoff";

/** How far back a restarted worker looks for its card: the channel's latest messages. */
const FIND_CARD_LIMIT = 200;

export interface SlackSurfaceOptions {
  client: webApi.WebClient;
  /** SLACK_HANDOFF_CHANNEL */
  channel: string;
  directory: SlackDirectory;
  /** SLACK_ESCALATION_GROUP: a user group id (S...) mentioned when a handoff stays unclaimed too long. */
  escalationGroup?: string;
}

/** Handoff cards in a Slack channel: one message per handoff, the conversation in its thread. */
export class SlackSurface implements StaffSurface {
  constructor(private readonly options: SlackSurfaceOptions) {}

  async postCard(card: HandoffCard): Promise<CardLocation> {
    const result = await callSlack(() =>
      this.options.client.chat.postMessage({
        channel: this.options.channel,
        text: cardFallback(card),
        blocks: cardBlocks(card),
        metadata: { event_type: CARD_EVENT_TYPE, event_payload: { handoff_id: card.handoffId } },
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { channel: result.channel ?? this.options.channel, ts: result.ts as string };
  }

  async findCard(handoffId: string, sinceMs: number): Promise<CardLocation | undefined> {
    const history = await callSlack(() =>
      this.options.client.conversations.history({
        channel: this.options.channel,
        oldest: (sinceMs / 1000).toFixed(6),
        limit: FIND_CARD_LIMIT,
        include_all_metadata: true,
      }),
    );
    const card = history.messages?.find(
      (message) => message.metadata?.event_type === CARD_EVENT_TYPE && (message.metadata.event_payload as { handoff_id?: unknown } | undefined)?.handoff_id === handoffId,
    );
    return card?.ts ? { channel: this.options.channel, ts: card.ts } : undefined;
  }

  async updateCard(at: CardLocation, card: HandoffCard): Promise<void> {
    await callSlack(() => this.options.client.chat.update({ channel: at.channel, ts: at.ts, text: cardFallback(card), blocks: cardBlocks(card) }));
  }

  async postToThread(at: CardLocation, text: string, options: { broadcast?: boolean; escalate?: boolean } = {}): Promise<void> {
    const mention = options.escalate && this.options.escalationGroup ? `<!subteam^${this.options.escalationGroup}> ` : "";
    await callSlack(() =>
      this.options.client.chat.postMessage({
        channel: at.channel,
        thread_ts: at.ts,
        text: `${mention}${escapeSlack(text)}`,
        reply_broadcast: options.broadcast ?? false,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
  }

  async refuse(agentId: string, at: CardLocation | undefined, text: string): Promise<void> {
    await callSlack(() => this.options.client.chat.postEphemeral({ channel: at?.channel ?? this.options.channel, user: agentId, text: escapeSlack(text) }));
  }

  isStaff(agentId: string): Promise<boolean> {
    return this.options.directory.isStaff(agentId);
  }
}
