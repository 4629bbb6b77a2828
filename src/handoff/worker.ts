import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { StaffRateLimitedError, StaffRejectedError } from "../errors.js";
import { buildCard, clip } from "./card.js";
import { type HandoffData, type HandoffJob, handoffJobSchema } from "./job.js";
import { HANDOFF_QUEUE, type HandoffQueue } from "./queue.js";
import type { CardLocation, HandoffRecord, HandoffRecords, HandoffStatus } from "./record.js";
import type { StaffSurface } from "./staff.js";
import { STAFF_TEXT } from "./staff-text.js";
import { logErrorsWhileConnected } from "../redis/outages.js";

/**
 * BullMQ only honours a manual rate limit (Slack's 429 Retry-After) when the worker has a limiter;
 * the cap itself is high on purpose, so Slack's own answer, not a guess, sets the pace.
 */
const LIMITER = { max: 1_000, duration: 1_000 };

/** A card found on the surface after a crash was posted at most this long before the handoff opened (clock skew). */
const FIND_CARD_MARGIN_MS = 60_000;

export interface HandoffWorkerOptions {
  /**
   * A connection for this worker alone: BullMQ blocks on it (maxRetriesPerRequest must be null). Its
   * outages are the caller's to log (logOutages): while it is down, the worker's errors are not logged.
   */
  connection: Redis;
  prefix: string;
  records: HandoffRecords;
  queue: HandoffQueue;
  surface: StaffSurface;
  log: Logger;
  /** One at a time by default: every card goes to one channel and thread lines must keep their order. */
  concurrency?: number;
  /** A crashed worker's job is re-run after about lockDuration + stalledInterval (BullMQ defaults: 30 s each). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  now?: () => number;
}

/** The consumer side of the `handoffs` queue: draws cards, posts thread lines, runs the SLA timers. */
export type HandoffWorker = Worker<HandoffJob, void, HandoffJob["kind"]>;

export function createHandoffWorker(options: HandoffWorkerOptions): HandoffWorker {
  const { log } = options;
  const worker = new Worker<HandoffJob, void, HandoffJob["kind"]>(
    HANDOFF_QUEUE,
    async (job) => {
      const parsed = handoffJobSchema.safeParse(job.data);
      if (!parsed.success) {
        log.error({ jobId: job.id, name: job.name }, "invalid handoff job dropped");
        throw new UnrecoverableError(`invalid handoff job ${job.id}`);
      }
      try {
        await processJob(options, parsed.data, job);
      } catch (error) {
        if (error instanceof StaffRateLimitedError) {
          await options.queue.queue.rateLimit(error.retryAfterMs);
          throw Worker.RateLimitError();
        }
        if (error instanceof StaffRejectedError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      limiter: LIMITER,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  worker.on("failed", (job, error) => {
    const final = !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) log.error({ jobId: job?.id, name: job?.name, err: error.message }, "handoff job failed for good");
    else log.warn({ jobId: job.id, name: job.name, attempt: job.attemptsMade, err: error.message }, "handoff job failed; will retry");
  });
  logErrorsWhileConnected(worker, options.connection, log, "handoff worker error");
  return worker;
}

async function processJob(options: HandoffWorkerOptions, job: HandoffJob, bullJob: Job): Promise<void> {
  const { records, surface } = options;
  if (job.kind === "card") return postCard(options, job.handoff, bullJob.attemptsStarted > 1);
  const id = job.handoffId;
  const record = await records.get(id);
  if (!record) {
    options.log.warn({ handoffId: id, kind: job.kind }, "handoff gone; job skipped");
    return;
  }
  if (job.kind === "update") {
    if (record.card) await surface.updateCard(record.card, buildCard(record, await records.followups(id, 0, record.cardIncluded)));
    return;
  }
  if ((job.kind === "remind" || job.kind === "escalate") && record.status !== "queued") return;
  const at = cardOf(record);
  if (job.kind === "followup") {
    if (await records.isPosted(id, job.index)) return;
    const [turn] = await records.followups(id, job.index, 1);
    if (!turn) return;
    await surface.postToThread(at, STAFF_TEXT.followup(record.data.user.displayName || record.data.user.id, clip(turn).text));
    await records.markPosted(id, job.index);
    return;
  }
  if (job.kind === "note") return surface.postToThread(at, job.text, { broadcast: job.broadcast });
  const minutes = Math.max(1, Math.round(((options.now ?? Date.now)() - record.data.openedAt) / 60_000));
  const escalate = job.kind === "escalate";
  await surface.postToThread(at, escalate ? STAFF_TEXT.escalate(minutes) : STAFF_TEXT.remind(minutes), { broadcast: true, escalate });
}

/**
 * Posts the handoff's card once. The location is stored before the job completes; a re-run after a
 * crash (attempt > 1) first looks on the surface for a card the dead worker posted but never recorded.
 */
async function postCard(options: HandoffWorkerOptions, handoff: HandoffData, rerun: boolean): Promise<void> {
  const { records, surface, queue } = options;
  const id = handoff.handoffId;
  let record = await records.get(id);
  if (!record) {
    // Only when the record expired before a long-failing card job ran again.
    await records.create(handoff);
    record = (await records.get(id)) as HandoffRecord;
  }
  let at = record.card;
  let included = record.cardIncluded;
  /** The status the card shows; undefined when a card found after a crash may show an older one. */
  let drawn: HandoffStatus | undefined = record.status;
  if (!at && rerun) {
    at = await surface.findCard(id, handoff.openedAt - FIND_CARD_MARGIN_MS);
    // It may not show every message sent while waiting: repeat them all in the thread rather than lose one.
    included = 0;
    drawn = undefined;
  }
  if (!at) {
    const waiting = await records.followups(id);
    at = await surface.postCard(buildCard(record, waiting));
    included = waiting.length;
    drawn = record.status;
  }
  const { followups, status } = await records.storeCard(id, at, included);
  for (let index = included; index < followups; index++) await queue.followup(id, index);
  if (status !== drawn) await queue.update(id);
}

function cardOf(record: HandoffRecord): CardLocation {
  // Thrown, not skipped: the card job is still retrying, and this line must wait for it.
  if (!record.card) throw new Error(`handoff ${record.data.handoffId} has no card yet`);
  return record.card;
}
