import type { Conversation, Language, OutboundMessage } from "../conversation/model.js";

/** What the bot does with a message; the contract of `npm run classify` (shared/eval/FORMAT.md). */
export type Action = "answer" | "clarify" | "handoff" | "fallback";

/** The ids of the bot's buttons, as they come back in InboundMessage.action. */
export const BUTTON = {
  /** Asks for a person. */
  handoff: "handoff",
  /** The "what I can help with" menu. */
  help: "help",
} as const;

const TOPIC_PREFIX = "topic:";

/** The button that asks for one topic's answer. */
export function topicButtonId(topic: string): string {
  return TOPIC_PREFIX + topic;
}

/** The topic a button asks for, or undefined for any other button. */
export function topicOfButton(id: string): string | undefined {
  return id.startsWith(TOPIC_PREFIX) ? id.slice(TOPIC_PREFIX.length) : undefined;
}

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
  /**
   * Whether the text carried a password, code or card number. Absent: the engine looks itself
   * (classify). The pipeline says false: it redacted the text and warns about secrets itself.
   */
  secretShared?: boolean;
}

export interface Engine {
  decide(input: EngineInput): Decision;
  classify(text: string): Classification;
}
