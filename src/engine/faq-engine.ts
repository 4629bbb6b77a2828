import type { Conversation, Localized, OutboundMessage } from "../conversation/model.js";
import { holdsSecret } from "../safety/redact.js";
import type { Knowledge } from "./knowledge.js";
import type { FaqEntry, Rule } from "./knowledge-schema.js";
import type { Candidate } from "./matcher.js";
import type { Normalizer } from "./normalize.js";
import { Replies } from "./replies.js";
import type { RuleSet } from "./rules.js";
import { classificationOf, judge, type Thresholds } from "./thresholds.js";
import { BUTTON, type Classification, type Decision, type Engine, type EngineInput, type HandoffRequest, topicOfButton } from "./types.js";

/** classify() answers as if a new user wrote: no earlier miss, no earlier topic. */
const NEW_CONVERSATION: Pick<Conversation, "consecutiveMisses" | "lastTopic"> = { consecutiveMisses: 0, lastTopic: null };

const URGENT: HandoffRequest = { reason: "urgent_security", priority: "urgent" };

/**
 * What the engine chose for a message, before any reply is worded: classify() needs no more, decide()
 * words the replies from it. One path chooses for both: given the same text and conversation, they agree.
 */
type Choice = Classification & { handoff?: HandoffRequest; ruleId?: string } & (
    | { say: "answer"; entry: FaqEntry; runnerUp: string | null }
    /** Without a text the bot says nothing itself (a handoff's opening speaks). */
    | { say: "text"; text?: Localized }
    | { say: "clarify"; topics: readonly string[] }
    | { say: "menu"; menu: "fallback" | "help"; suggestion: string | null }
  );

export interface EngineParts {
  knowledge: Knowledge;
  normalizer: Normalizer;
  rules: RuleSet;
  /** Ranks the classes for a normalised message (the trained Matcher), valid until its next call. */
  matcher: { rank(normalized: string): readonly Candidate[] };
  thresholds: Thresholds;
}

/**
 * The rule-plus-FAQ engine: button clicks first, then rules.yaml, then the matcher and the policy
 * (confident -> answer, two close topics -> clarify, low -> fallback, a second miss -> a person).
 */
export class FaqEngine implements Engine {
  private readonly replies: Replies;

  constructor(readonly parts: EngineParts) {
    this.replies = new Replies(parts.knowledge.entries, parts.knowledge.policy);
  }

  classify(text: string): Classification {
    const { action, topic, confidence } = this.choose(text, NEW_CONVERSATION, undefined);
    return { action, topic, confidence };
  }

  decide(input: EngineInput): Decision {
    const choice = input.action === undefined ? this.choose(input.text, input.conversation, input.secretShared) : this.onButton(input.action, input);
    const { action, topic, confidence, handoff, ruleId } = choice;
    const { replies, moveToPrivate } = this.word(choice, input);
    return { action, topic, confidence, replies, ...(handoff ? { handoff } : {}), ...(ruleId ? { ruleId } : {}), ...(moveToPrivate ? { moveToPrivate } : {}) };
  }

  /** The choice for a written message; the language it is written in plays no part. */
  private choose(text: string, conversation: Pick<Conversation, "consecutiveMisses" | "lastTopic">, secretShared: boolean | undefined): Choice {
    const normalized = this.parts.normalizer.normalize(text);
    const rule = this.parts.rules.match(normalized, () => secretShared ?? holdsSecret(text));
    if (rule) return this.onRule(rule, conversation);

    const ranked = this.parts.matcher.rank(normalized);
    const verdict = judge(ranked, this.parts.thresholds);
    switch (verdict.action) {
      case "answer":
        return this.answer(this.entry(verdict.topic), verdict.confidence, verdict.runnerUp);
      case "clarify":
        return { ...classificationOf(verdict), say: "clarify", topics: verdict.topics };
      case "fallback":
        return this.miss(conversation, verdict.confidence, verdict.suggestion);
    }
  }

  private onButton(action: string, input: EngineInput): Choice {
    const topic = topicOfButton(action);
    const entry = topic === undefined ? undefined : this.parts.knowledge.entries.get(topic);
    if (entry) return this.answer(entry, 1, null);
    if (action === BUTTON.handoff) {
      return { action: "handoff", topic: input.conversation.lastTopic, confidence: 1, say: "text", handoff: { reason: "requested", priority: "normal" } };
    }
    // `help`, and any button from an older knowledge base that no longer exists.
    return { action: "answer", topic: null, confidence: 1, say: "menu", menu: "help", suggestion: null };
  }

  private onRule(rule: Rule, conversation: Pick<Conversation, "lastTopic">): Choice {
    const handoff = rule.handoff;
    // Plain object literals, no conditional spreads: a rule decides most greetings and thank-yous, and
    // classify() goes through here on every one of them.
    if (rule.reply === "topic") return this.answer(this.entry(rule.topic as string), 1, null, rule);
    // "That didn't help" is about the previous answer: the person should see that topic.
    const topic = handoff?.reason === "not_helpful" ? conversation.lastTopic : (rule.topic ?? null);
    return { action: handoff ? "handoff" : "answer", topic, confidence: 1, say: "text", text: rule.reply, ruleId: rule.id, handoff };
  }

  /**
   * `runnerUp`: when the matcher chose the entry, the next likeliest topic, offered as its first button.
   * `rule`: the rule that chose it (`reply: topic`); its handoff, if any, replaces an urgent entry's.
   */
  private answer(entry: FaqEntry, confidence: number, runnerUp: string | null, rule?: Rule): Choice {
    const handoff = rule?.handoff ?? (entry.handoff === "urgent" ? URGENT : undefined);
    return { action: handoff ? "handoff" : "answer", topic: entry.id, confidence, say: "answer", entry, runnerUp, handoff, ruleId: rule?.id };
  }

  /** The first miss shows what the bot can do (the likeliest topic first); a second one in a row brings a person. */
  private miss(conversation: Pick<Conversation, "consecutiveMisses">, confidence: number, suggestion: string | null): Choice {
    if (conversation.consecutiveMisses >= 1) {
      const text = this.parts.knowledge.policy.replies.handed_over;
      return { action: "handoff", topic: null, confidence, say: "text", text, handoff: { reason: "repeated_fallback", priority: "normal" } };
    }
    return { action: "fallback", topic: null, confidence, say: "menu", menu: "fallback", suggestion };
  }

  /** The replies of a choice, in the user's language; in a public comment, an account-specific answer moves to private. */
  private word(choice: Choice, input: EngineInput): { replies: OutboundMessage[]; moveToPrivate: boolean } {
    const { language } = input;
    switch (choice.say) {
      case "answer": {
        const { message, moveToPrivate } = this.replies.answer(choice.entry, language, input.conversation.ref.kind === "comment", choice.runnerUp);
        return { replies: [message], moveToPrivate };
      }
      case "text":
        return { replies: choice.text ? [this.replies.text(choice.text[language])] : [], moveToPrivate: false };
      case "clarify":
        return { replies: [this.replies.clarify(choice.topics, language)], moveToPrivate: false };
      case "menu":
        return { replies: [this.replies.menu(choice.menu, language, choice.suggestion)], moveToPrivate: false };
    }
  }

  private entry(id: string): FaqEntry {
    const entry = this.parts.knowledge.entries.get(id);
    // The loader checks every topic a rule or the matcher can name; this is a broken invariant.
    if (!entry) throw new Error(`no FAQ entry for topic ${id}`);
    return entry;
  }
}
