import type { Logger } from "pino";
import { appendTurn, type Conversation, type ConversationRef, type ConversationState, type OutboundMessage } from "../conversation/model.js";
import { canTransition, transition } from "../conversation/state-machine.js";
import type { ConversationStore } from "../conversation/store.js";
import { RecipientUnreachableError } from "../errors.js";
import { redact } from "../safety/redact.js";
import { TEXT } from "../texts.js";
import { csatPrompt } from "./csat.js";
import type { Agent } from "./job.js";
import type { HandoffQueue } from "./queue.js";
import type { CardLocation, HandoffRecord, HandoffRecords } from "./record.js";
import type { StaffSurface } from "./staff.js";
import { STAFF_TEXT } from "./staff-text.js";

/** Sends a message to a user on their platform; throws RecipientUnreachableError when they cannot be reached. */
export type Deliver = (ref: ConversationRef, message: OutboundMessage) => Promise<void>;

export interface StaffActionsDeps {
  records: HandoffRecords;
  queue: HandoffQueue;
  store: ConversationStore;
  surface: StaffSurface;
  deliver: Deliver;
  /** The pipeline's markUnreachable: stop sending until the user writes again. */
  markUnreachable: (ref: ConversationRef, userId: string) => Promise<void>;
  log: Logger;
  now?: () => number;
}

export type ActionResult = { ok: true } | { ok: false; reason: string };

/**
 * What staff do to a handoff, whichever surface they use: claim, reply, resolve, return to bot.
 * `at` is the card the action came from; an action is only taken on the handoff that card belongs to.
 */
export class StaffActions {
  private readonly now: () => number;

  constructor(private readonly deps: StaffActionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  async claim(handoffId: string, agent: Agent, at?: CardLocation): Promise<ActionResult> {
    const found = await this.locate(handoffId, agent, at);
    if ("reason" in found) return found;
    return this.take(found.record, agent, at);
  }

  async resolve(handoffId: string, agent: Agent, at?: CardLocation): Promise<ActionResult> {
    return this.close(handoffId, agent, at, "resolved");
  }

  async returnToBot(handoffId: string, agent: Agent, at?: CardLocation): Promise<ActionResult> {
    return this.close(handoffId, agent, at, "returned");
  }

  /** An agent's reply in the thread of the card at `at`. */
  async replyInThread(at: CardLocation, agent: Agent, text: string): Promise<ActionResult> {
    const handoffId = await this.deps.records.byCard(at);
    if (!handoffId) return { ok: false, reason: "not a handoff thread" };
    return this.reply(handoffId, agent, text, at);
  }

  /** Sends the agent's text to the user, marked as from a person; claims the handoff if nobody has. */
  async reply(handoffId: string, agent: Agent, text: string, at?: CardLocation): Promise<ActionResult> {
    const found = await this.locate(handoffId, agent, at);
    if ("reason" in found) return found;
    const { record } = found;
    if (record.status === "resolved" || record.status === "returned") return this.refuse(agent, record, STAFF_TEXT.closed);
    const conversation = await this.deps.store.load(record.data.conversationId);
    if (!conversation || conversation.openHandoffId !== handoffId) return this.refuse(agent, record, STAFF_TEXT.otherHandoff);
    if (record.status === "queued") {
      const taken = await this.take(record, agent, at);
      if (!taken.ok) return taken;
    }
    const failure = await this.sendToUser(record, conversation, { text, buttons: [], fromAgent: agent.name });
    if (failure) return this.refuse(agent, record, failure);
    await this.deps.store.update(conversation.id, () => conversation, (current) => {
      appendTurn(current, { role: "agent", text: redact(text).text, at: this.now() });
    });
    return { ok: true };
  }

  private async take(record: HandoffRecord, agent: Agent, at?: CardLocation): Promise<ActionResult> {
    const { records, queue } = this.deps;
    const id = record.data.handoffId;
    const now = this.now();
    const { moved, previous } = await records.move(id, ["queued"], "assigned", { claimedBy: JSON.stringify(agent), claimedAt: now });
    if (!moved) {
      const current = await records.get(id);
      const text = previous === "assigned" && current?.claimedBy ? STAFF_TEXT.claimedBy(current.claimedBy.name) : STAFF_TEXT.closed;
      return this.refuse(agent, current ?? record, text, at);
    }
    await Promise.all([records.recordClaim(now), queue.cancelSla(id)]);
    await this.moveConversation(record, "assigned", false);
    await queue.update(id);
    this.deps.log.info({ handoffId: id, agent: agent.id }, "handoff claimed");
    return { ok: true };
  }

  private async close(handoffId: string, agent: Agent, at: CardLocation | undefined, to: "resolved" | "returned"): Promise<ActionResult> {
    const found = await this.locate(handoffId, agent, at);
    if ("reason" in found) return found;
    const { record } = found;
    const { records, queue } = this.deps;
    const { moved } = await records.move(handoffId, ["queued", "assigned"], to, { closedBy: JSON.stringify(agent), closedAt: this.now() });
    if (!moved) return this.refuse(agent, record, STAFF_TEXT.closed, at);
    await queue.cancelSla(handoffId);
    const conversation = await this.moveConversation(record, to === "resolved" ? "closed" : "bot", true);
    if (conversation) {
      if (to === "resolved") await records.awaitRating(conversation.id, handoffId);
      const message = to === "resolved" ? csatPrompt(conversation.language) : { text: TEXT.returnedToBot[conversation.language], buttons: [] };
      const failure = await this.sendToUser(record, conversation, message);
      if (failure) await queue.note(handoffId, failure);
    }
    await queue.update(handoffId);
    this.deps.log.info({ handoffId, agent: agent.id, to }, "handoff closed");
    return { ok: true };
  }

  /** The handoff, if this agent may act on it from this card. */
  private async locate(handoffId: string, agent: Agent, at: CardLocation | undefined): Promise<{ record: HandoffRecord } | { ok: false; reason: string }> {
    const record = await this.deps.records.get(handoffId);
    if (!record || (at && (record.card?.channel !== at.channel || record.card.ts !== at.ts))) {
      this.deps.log.warn({ handoffId, agent: agent.id }, "staff action on an unknown handoff or another card");
      return { ok: false, reason: "unknown handoff" };
    }
    if (!(await this.deps.surface.isStaff(agent.id))) return this.refuse(agent, record, STAFF_TEXT.notStaff, at);
    return { record };
  }

  /** Moves the user's conversation along with the handoff, unless it has moved on (another handoff, or gone). */
  private async moveConversation(record: HandoffRecord, to: ConversationState, clearHandoff: boolean): Promise<Conversation | undefined> {
    const { store } = this.deps;
    const id = record.data.conversationId;
    const stored = await store.load(id);
    if (!stored) return undefined;
    const { conversation: updated, result } = await store.update(id, () => stored, (conversation) => {
      if (conversation.openHandoffId !== record.data.handoffId) return false;
      if (canTransition(conversation.state, to)) transition(conversation, to);
      if (clearHandoff) conversation.openHandoffId = null;
      return true;
    });
    return result ? updated : undefined;
  }

  /** Delivers to the user; returns what to tell staff when it could not. */
  private async sendToUser(record: HandoffRecord, conversation: Conversation, message: OutboundMessage): Promise<string | undefined> {
    if (conversation.unreachable) return STAFF_TEXT.unreachable;
    try {
      await this.deps.deliver(conversation.ref, message);
      return undefined;
    } catch (error) {
      if (error instanceof RecipientUnreachableError) {
        await this.deps.markUnreachable(conversation.ref, conversation.user.id);
        return STAFF_TEXT.unreachable;
      }
      this.deps.log.warn({ handoffId: record.data.handoffId, err: (error as Error).message }, "delivery to the user failed");
      return STAFF_TEXT.notDelivered((error as Error).message);
    }
  }

  private async refuse(agent: Agent, record: HandoffRecord, text: string, at?: CardLocation): Promise<{ ok: false; reason: string }> {
    await this.deps.surface.refuse(agent.id, at ?? record.card, text).catch((error: Error) => {
      this.deps.log.warn({ handoffId: record.data.handoffId, err: error.message }, "could not show a refusal to staff");
    });
    return { ok: false, reason: text };
  }
}
