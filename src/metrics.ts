import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * What an operator graphs and alerts on, in Prometheus's text format at `GET /metrics`: how many
 * messages come in, what the bot did with them, how many reach a person, and how long a reply
 * takes. Labels are small fixed sets (platform, action, language, reason): never a user, a chat or
 * a text, so nothing personal leaves through here and the series stay few.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly messages = this.counter(
    "topay_inbound_messages_total",
    "Messages the bot handled (redeliveries not counted), by platform and place (dm, comment).",
    ["platform", "kind"],
  );

  readonly decisions = this.counter(
    "topay_bot_decisions_total",
    "What the engine did with a message: answer, clarify, fallback or handoff, by language.",
    ["action", "language"],
  );

  readonly handoffs = this.counter(
    "topay_handoffs_opened_total",
    "Conversations handed to a person, by reason (requested, urgent_security, repeated_fallback...) and priority.",
    ["reason", "priority"],
  );

  readonly handling = new Histogram({
    name: "topay_message_handling_seconds",
    help: "From a message reaching the pipeline to its replies being ready (Redis and the engine included), by platform.",
    labelNames: ["platform"] as const,
    // A reply within 10 ms is normal; a second means Redis or the queue is struggling.
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /**
   * Node's process metrics (memory, CPU, event-loop delay, GC) in this registry. Once per process, by
   * the composition root: each call starts observers that are never stopped.
   */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: "topay_" });
  }

  private counter<Label extends string>(name: string, help: string, labelNames: readonly Label[]): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
