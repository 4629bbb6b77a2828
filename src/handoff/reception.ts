import type { Logger } from "pino";
import type { Conversation, Language, OutboundMessage } from "../conversation/model.js";
import { redact } from "../safety/redact.js";
import { fillText, TEXT } from "../texts.js";
import type { HandoffDesk, HandoffOpening } from "./desk.js";
import { type BusinessHours, formatClock, nextOpening } from "./hours.js";
import type { HandoffData } from "./job.js";
import type { HandoffQueue } from "./queue.js";
import type { HandoffRecords } from "./record.js";
import { expectedWaitMinutes } from "./wait.js";

export interface ReceptionDeps {
  records: HandoffRecords;
  queue: HandoffQueue;
  /** brand.yaml `hours` as loaded now (a support lead may change them); undefined: the team is always in. */
  hours: () => BusinessHours | undefined;
  log: Logger;
  now?: () => number;
}

/**
 * The desk the pipeline talks to: opens handoffs (record, card job, SLA timers), tells the user
 * where they stand, and keeps what they write while waiting for the agent.
 */
export class Reception implements HandoffDesk {
  private readonly now: () => number;

  constructor(private readonly deps: ReceptionDeps) {
    this.now = deps.now ?? Date.now;
  }

  async open(conversation: Conversation, opening: HandoffOpening): Promise<OutboundMessage[]> {
    const id = await this.start(handoffData(conversation, opening, this.now()));
    this.deps.log.info({ handoffId: id, conversationId: conversation.id, reason: opening.reason, priority: opening.priority }, "handoff opened");
    return [{ text: await this.whereYouStand(id, conversation.language), buttons: [] }];
  }

  async relay(conversation: Conversation, text: string): Promise<void> {
    const id = await this.repair(conversation);
    if (!id) return;
    const { records, queue } = this.deps;
    const { index, card } = await records.appendFollowup(id, { role: "user", text: redact(text).text, at: this.now() });
    if (card) await queue.followup(id, index);
  }

  async rate(conversation: Conversation, score: number): Promise<OutboundMessage[]> {
    const id = await this.deps.records.rate(conversation.id, score);
    if (id) {
      await this.deps.queue.update(id);
      this.deps.log.info({ handoffId: id, score }, "handoff rated");
    }
    return [{ text: TEXT.csatThanks[conversation.language], buttons: [] }];
  }

  /** Creates the handoff and its jobs (each step idempotent); returns the conversation's open handoff id. */
  private async start(data: HandoffData): Promise<string> {
    const { records, queue } = this.deps;
    const id = await records.create(data);
    const record = await records.get(id);
    if (!record) return id;
    await Promise.all([
      !record.card && (record.status === "queued" || record.status === "assigned") ? queue.ensureCard(record.data) : undefined,
      record.status === "queued" ? queue.scheduleSla(id) : undefined,
    ]);
    return id;
  }

  /**
   * A conversation waits for a person but its handoff may not be fully on its way: the process died
   * between saving the conversation and enqueuing, or the card job ran out of attempts. Finish it.
   */
  private async repair(conversation: Conversation): Promise<string | undefined> {
    const id = conversation.openHandoffId;
    if (!id) {
      this.deps.log.warn({ conversationId: conversation.id, state: conversation.state }, "waiting conversation without a handoff id");
      return undefined;
    }
    const record = await this.deps.records.get(id);
    if (record?.card) return id;
    if (!record) this.deps.log.warn({ handoffId: id, conversationId: conversation.id }, "handoff lost before it was enqueued; opening it again");
    // The reason and priority were lost with the crash; the agent reads the transcript.
    return this.start(record?.data ?? handoffData(conversation, { handoffId: id, topic: conversation.lastTopic, reason: "policy", priority: "normal" }, this.now()));
  }

  private async whereYouStand(id: string, language: Language): Promise<string> {
    const { records } = this.deps;
    const hours = this.deps.hours();
    const opening = hours ? nextOpening(hours, this.now()) : undefined;
    if (hours && opening) {
      const time = formatClock(opening.minutes);
      const when =
        opening.days === 0
          ? fillText(TEXT.backToday[language], { time })
          : opening.days === 1
            ? fillText(TEXT.backTomorrow[language], { time })
            : fillText(TEXT.backOnDay[language], { day: TEXT[opening.weekday][language], time });
      return fillText(TEXT.handoffAfterHours[language], { open: formatClock(hours.open), close: formatClock(hours.close), timezone: hours.timezone, when });
    }
    const [rank, claims] = await Promise.all([records.position(id), records.recentClaims()]);
    const position = rank ?? 1;
    return fillText(TEXT.handoffQueued[language], { position, minutes: expectedWaitMinutes(position, claims) });
  }
}

function handoffData(conversation: Conversation, opening: HandoffOpening, now: number): HandoffData {
  return {
    handoffId: opening.handoffId,
    conversationId: conversation.id,
    ref: conversation.ref,
    user: { ...conversation.user, displayName: redact(conversation.user.displayName).text },
    language: conversation.language,
    reason: opening.reason,
    priority: opening.priority,
    topic: opening.topic,
    turns: conversation.turns.map((turn) => ({ ...turn, text: redact(turn.text).text })),
    openedAt: now,
  };
}
