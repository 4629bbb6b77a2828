import type { Conversation, OutboundMessage } from "../conversation/model.js";
import type { HandoffRequest } from "../engine/types.js";

export interface HandoffOpening extends HandoffRequest {
  handoffId: string;
  topic: string | null;
}

/** The pipeline's view of the human side: open a handoff, pass on what the user says while waiting. */
export interface HandoffDesk {
  /** Idempotent by `handoffId`: opening the same handoff twice makes one. Returns what to tell the user. */
  open(conversation: Conversation, opening: HandoffOpening): Promise<OutboundMessage[]>;
  /** A user's (redacted) message while the conversation is queued or assigned. */
  relay(conversation: Conversation, text: string): Promise<void>;
  /** A satisfaction click (1-5) after a resolved handoff. Returns what to tell the user. */
  rate(conversation: Conversation, score: number): Promise<OutboundMessage[]>;
}
