import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { ConversationRef } from "../conversation/model.js";
import type { ConversationStore } from "../conversation/store.js";
import type { BusinessHours } from "./hours.js";
import { HandoffQueue } from "./queue.js";
import { Reception } from "./reception.js";
import { HandoffRecords } from "./record.js";
import { type Deliver, StaffActions } from "./staff-actions.js";
import type { StaffSurface } from "./staff.js";
import { createHandoffWorker, type HandoffWorker, type HandoffWorkerOptions } from "./worker.js";
import { logErrorsWhileConnected, logOutages } from "../redis/outages.js";

export interface HandoffLoopOptions {
  redisUrl: string;
  /** REDIS_PREFIX: handoff records and BullMQ keys live under it. */
  prefix: string;
  /** How long a handoff is kept after its last change. */
  ttlMs: number;
  store: ConversationStore;
  surface: StaffSurface;
  deliver: Deliver;
  markUnreachable: (ref: ConversationRef, userId: string) => Promise<void>;
  hours: () => BusinessHours | undefined;
  remindAfterMs: number;
  escalateAfterMs: number;
  log: Logger;
  /** Worker tuning (tests shorten the stall timings); `false` runs no worker in this process. */
  worker?: Pick<HandoffWorkerOptions, "lockDurationMs" | "stalledIntervalMs" | "concurrency"> | false;
  /** Retry tuning for Slack errors (tests shorten the backoff). */
  retry?: { attempts?: number; backoffMs?: number };
  now?: () => number;
}

export interface HandoffLoop {
  desk: Reception;
  actions: StaffActions;
  records: HandoffRecords;
  queue: HandoffQueue;
  worker: HandoffWorker | undefined;
  close(): Promise<void>;
}

/** Wires the handoff side: records, the `handoffs` queue and its worker, the desk and staff actions. */
export async function startHandoffLoop(options: HandoffLoopOptions): Promise<HandoffLoop> {
  const { log } = options;
  // BullMQ needs maxRetriesPerRequest: null on connections it blocks on; the records share the producer's.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  logOutages(connection, log, "handoff redis");
  logOutages(workerConnection, log, "handoff worker redis");
  const bullPrefix = `${options.prefix}bull`;
  const records = new HandoffRecords(connection, { prefix: options.prefix, ttlMs: options.ttlMs });
  const queue = new HandoffQueue({
    connection,
    prefix: bullPrefix,
    remindAfterMs: options.remindAfterMs,
    escalateAfterMs: options.escalateAfterMs,
    ...options.retry,
  });
  logErrorsWhileConnected(queue.queue, connection, log, "handoff queue error");
  const now = options.now ?? Date.now;
  const desk = new Reception({ records, queue, hours: options.hours, log, now });
  const actions = new StaffActions({
    records,
    queue,
    store: options.store,
    surface: options.surface,
    deliver: options.deliver,
    markUnreachable: options.markUnreachable,
    log,
    now,
  });
  const worker =
    options.worker === false
      ? undefined
      : createHandoffWorker({
          connection: workerConnection,
          prefix: bullPrefix,
          records,
          queue,
          surface: options.surface,
          log,
          now,
          ...options.worker,
        });
  const retried = await queue.retryFailed();
  if (retried > 0) log.info({ retried }, "retrying handoff cards that had failed for good");
  return {
    desk,
    actions,
    records,
    queue,
    worker,
    close: async () => {
      await worker?.close();
      await queue.close();
      workerConnection.disconnect();
      connection.disconnect();
    },
  };
}
