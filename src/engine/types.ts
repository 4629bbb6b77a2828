import type { Conversation, Language, OutboundMessage } from "../conversation/model.js";

/** What the bot does with a message; the contract of `npm run classify` (shared/eval/FORMAT.md). */
export type Action = "answer" | "clarify" | "handoff" | "fallback";

export interface Classification {
  action: Action;
  /** The best topic id; null only when the bot has no idea (and for greetings, thanks, goodbye). */
  topic: string | null;
  /** Calibrated confidence in [0, 1]. */
  confidence: number;
}

export type HandoffReason = "requested" | "urgent_security" | "repeated_fallback" | "not_helpful" | "policy";
export type HandoffPriority = "urgent" | "normal";

export interface HandoffRequest {
  reason: HandoffReason;
  priority: HandoffPriority;
}

/** The engine's answer to one message: what to classify it as, what to say, whether a person takes over. */
export interface Decision extends Classification {
  replies: OutboundMessage[];
  handoff?: HandoffRequest;
  /** The rule that decided, when a rule did (for logs and eval). */
  ruleId?: string;
  /**
   * Set in a public comment when the answer is account-specific: the replies hold only the general
   * public answer, and the pipeline invites the user to continue in a private chat.
   */
  moveToPrivate?: boolean;
}

export interface EngineInput {
  /** The user's raw text (never logged or stored by the engine). */
  text: string;
  /** A click on one of the bot's buttons. */
  action?: string;
  language: Language;
  conversation: Pick<Conversation, "consecutiveMisses" | "lastTopic" | "ref">;
}

export interface Engine {
  decide(input: EngineInput): Decision;
  classify(text: string): Classification;
}
