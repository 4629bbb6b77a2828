import type { Logger } from "pino";
import type { ConversationRef, HandleResult, InboundMessageInput, OutboundMessage, Platform } from "./conversation/model.js";
import type { HttpServer } from "./http/server.js";

/** What the composition root gives an adapter when it starts. */
export interface AdapterHost {
  /** Hands one inbound message to the pipeline; resolves to the bot's immediate replies. */
  handle(message: InboundMessageInput): Promise<HandleResult>;
  /** The platform said this user cannot be reached (blocked the bot, closed DMs). */
  unreachable(ref: ConversationRef, userId: string): Promise<void>;
  http: HttpServer;
  log: Logger;
}

/**
 * One per platform. An adapter turns platform events into the conversation model and renders
 * replies back; nothing else. Platform differences stay behind this interface.
 */
export interface Adapter {
  readonly platform: Platform;
  /** Connected to the platform and taking messages (reported by /healthz). */
  readonly connected: boolean;
  start(host: AdapterHost): Promise<void>;
  /** Stops taking messages; resolves once the platform connection is closed. */
  stop(): Promise<void>;
  /**
   * Sends a message outside a reply (an agent's answer, a satisfaction prompt).
   * Throws RecipientUnreachableError when the platform says the user cannot be reached.
   */
  send(ref: ConversationRef, message: OutboundMessage): Promise<void>;
}
