import { IllegalTransitionError } from "../errors.js";
import type { Conversation, ConversationState } from "./model.js";

/**
 * Who is answering the conversation. `bot`: the engine. `queued`: waiting for an agent (the engine
 * stays quiet). `assigned`: an agent has claimed it. `closed`: an agent resolved it; the next
 * message from the user starts over with the bot (or a new handoff).
 */
const TRANSITIONS: Readonly<Record<ConversationState, readonly ConversationState[]>> = {
  bot: ["queued"],
  queued: ["assigned", "bot", "closed"],
  assigned: ["closed", "bot", "queued"],
  closed: ["bot", "queued"],
};

export function canTransition(from: ConversationState, to: ConversationState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Moves the conversation to `to`, or throws IllegalTransitionError when the table does not allow it. */
export function transition(conversation: Conversation, to: ConversationState): void {
  if (!canTransition(conversation.state, to)) throw new IllegalTransitionError(conversation.state, to);
  conversation.state = to;
}
