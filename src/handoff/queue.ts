import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { HandoffData, HandoffJob } from "./job.js";

export const HANDOFF_QUEUE = "handoffs";

/**
 * BullMQ priorities (1 runs first): an urgent security handoff before everything, then traffic of
 * handoffs already on screen (follow-ups, redraws, notes), then new normal handoffs.
 */
const PRIORITY = { urgentCard: 1, inProgress: 2, normalCard: 3 } as const;

/**
 * Slack retries: 12 attempts with exponential backoff from 1 s wait about 68 minutes in all,
 * long enough to ride out a Slack incident; a handoff that still fails is retried by `retryFailed`
 * at the next start and by the desk when the user writes again.
 */
export const DEFAULT_ATTEMPTS = 12;
export const DEFAULT_BACKOFF_MS = 1_000;

export interface HandoffQueueOptions {
  /** A connection of its own is not needed: the producer never blocks. */
  connection: Redis;
  /** BullMQ key prefix, so several bots or test runs share one Redis. */
  prefix: string;
  /** Unclaimed this long: remind the channel (HANDOFF_REMIND_MINUTES). */
  remindAfterMs: number;
  /** Unclaimed this long: mention the escalation group (HANDOFF_ESCALATE_MINUTES). */
  escalateAfterMs: number;
  attempts?: number;
  backoffMs?: number;
}

/** The producer side of the `handoffs` queue: every job the desk and staff actions create. */
export class HandoffQueue {
  readonly queue: Queue<HandoffJob, void, HandoffJob["kind"]>;
  private readonly defaults: JobsOptions;

  constructor(private readonly options: HandoffQueueOptions) {
    this.queue = new Queue(HANDOFF_QUEUE, { connection: options.connection, prefix: options.prefix });
    this.defaults = {
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: "exponential", delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { age: 24 * 60 * 60 },
      removeOnFail: { age: 7 * 24 * 60 * 60 },
    };
  }

  /**
   * Makes sure a handoff without a card has a card job, whatever happened before: adds it (the job
   * id is the handoff id, so a second add is the same job), or runs a finished one again.
   */
  async ensureCard(handoff: HandoffData): Promise<void> {
    const existing = await this.queue.getJob(handoff.handoffId);
    const state = await existing?.getState();
    // Called only while the handoff has no card: a finished job then did not leave one.
    if (existing && (state === "failed" || state === "completed")) {
      await existing.retry(state);
      return;
    }
    if (existing) return;
    const priority = handoff.priority === "urgent" ? PRIORITY.urgentCard : PRIORITY.normalCard;
    await this.queue.add("card", { kind: "card", handoff }, { ...this.defaults, jobId: handoff.handoffId, priority });
  }

  /** The SLA timers; both are cancelled by `cancelSla` when someone claims the handoff. */
  async scheduleSla(handoffId: string): Promise<void> {
    const { remindAfterMs, escalateAfterMs } = this.options;
    const options = { ...this.defaults, priority: PRIORITY.inProgress };
    await Promise.all([
      this.queue.add("remind", { kind: "remind", handoffId }, { ...options, jobId: `${handoffId}-remind`, delay: remindAfterMs }),
      this.queue.add("escalate", { kind: "escalate", handoffId }, { ...options, jobId: `${handoffId}-escalate`, delay: escalateAfterMs }),
    ]);
  }

  /** Removes the SLA timers; one already running checks the handoff's status and stays quiet. */
  async cancelSla(handoffId: string): Promise<void> {
    await Promise.all([this.queue.remove(`${handoffId}-remind`), this.queue.remove(`${handoffId}-escalate`)]);
  }

  async followup(handoffId: string, index: number): Promise<void> {
    await this.add({ kind: "followup", handoffId, index }, `${handoffId}-f${index}`);
  }

  async note(handoffId: string, text: string, broadcast = false): Promise<void> {
    await this.add({ kind: "note", handoffId, text, broadcast });
  }

  async update(handoffId: string): Promise<void> {
    await this.add({ kind: "update", handoffId });
  }

  /** Gives card jobs that failed for good (a long Slack outage) another run; returns how many. */
  async retryFailed(): Promise<number> {
    const failed = await this.queue.getFailed();
    const cards = failed.filter((job) => job.name === "card");
    await Promise.all(cards.map((job) => job.retry()));
    return cards.length;
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private async add(job: HandoffJob, jobId?: string): Promise<void> {
    await this.queue.add(job.kind, job, { ...this.defaults, priority: PRIORITY.inProgress, ...(jobId ? { jobId } : {}) });
  }
}
