import type { HandoffCard } from "./card.js";
import type { CardLocation } from "./record.js";

/**
 * Where staff see and work handoffs: Slack (adapters/slack) or the console's staff pane
 * (adapters/console). The worker posts and redraws cards through it; staff actions refuse through it.
 *
 * Failures: throw StaffRateLimitedError for "slow down" (the worker waits that long), StaffRejectedError
 * when retrying cannot help (bad channel, revoked token); anything else is retried with backoff.
 */
export interface StaffSurface {
  postCard(card: HandoffCard): Promise<CardLocation>;
  /**
   * A card already posted for this handoff since `sinceMs`, found on the surface itself: a worker
   * that died after posting but before recording where must not post a second one.
   */
  findCard(handoffId: string, sinceMs: number): Promise<CardLocation | undefined>;
  updateCard(at: CardLocation, card: HandoffCard): Promise<void>;
  /**
   * Plain text (the surface escapes it). `broadcast`: also show it in the channel, not only in the
   * thread (SLA timers). `escalate`: call in the escalation group (SLACK_ESCALATION_GROUP).
   */
  postToThread(at: CardLocation, text: string, options?: { broadcast?: boolean; escalate?: boolean }): Promise<void>;
  /** Tells one staff member, and only them, why their action was not done. */
  refuse(agentId: string, at: CardLocation | undefined, text: string): Promise<void>;
  /** May this person claim, reply, resolve? (Members of the handoff channel, or the allowlist.) */
  isStaff(agentId: string): Promise<boolean>;
}
