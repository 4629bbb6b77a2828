import type { ConversationRef } from "../conversation/model.js";
import { redact } from "../safety/redact.js";
import type { Knowledge } from "./knowledge.js";
import type { FaqEntry, Rule } from "./knowledge-schema.js";
import { detectLanguage } from "./language.js";
import type { Candidate } from "./matcher.js";
import type { Normalizer } from "./normalize.js";
import { Replies } from "./replies.js";
import type { RuleSet } from "./rules.js";
import { classificationOf, judge, type Thresholds } from "./thresholds.js";
import { BUTTON, type Classification, type Decision, type Engine, type EngineInput, type HandoffRequest, topicOfButton } from "./types.js";


/** classify() answers as if a new user wrote in a private chat. */
const FRESH_REF: ConversationRef = { platform: "console", chatId: "classify", kind: "dm" };

const URGENT: HandoffRequest = { reason: "urgent_security", priority: "urgent" };

export interface EngineParts {
  knowledge: Knowledge;
  normalizer: Normalizer;
  rules: RuleSet;
  /** Ranks the classes for a normalised message (the trained Matcher). */
  matcher: { rank(normalized: string): Candidate[] };
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
    const { action, topic, confidence } = this.decide({
      text,
      language: detectLanguage(text),
      conversation: { consecutiveMisses: 0, lastTopic: null, ref: FRESH_REF },
    });
    return { action, topic, confidence };
  }

  decide(input: EngineInput): Decision {
    if (input.action !== undefined) return this.onButton(input.action, input);
    const normalized = this.parts.normalizer.normalize(input.text);
    const rule = this.parts.rules.match(normalized, () => input.secretShared ?? redact(input.text).kinds.length > 0);
    if (rule) return this.onRule(rule, input);

    const ranked = this.parts.matcher.rank(normalized);
    const verdict = judge(ranked, this.parts.thresholds);
    switch (verdict.action) {
      case "answer":
        return this.answer(this.entry(verdict.topic), input, verdict.confidence, verdict.runnerUp);
      case "clarify":
        return { ...classificationOf(verdict), replies: [this.replies.clarify(verdict.topics, input.language)] };
      case "fallback":
        return this.miss(input, verdict.confidence, verdict.suggestion ?? undefined);
    }
  }

  private onButton(action: string, input: EngineInput): Decision {
    const topic = topicOfButton(action);
    const entry = topic === undefined ? undefined : this.parts.knowledge.entries.get(topic);
    if (entry) return this.answer(entry, input, 1);
    if (action === BUTTON.handoff) {
      return { action: "handoff", topic: input.conversation.lastTopic, confidence: 1, replies: [], handoff: { reason: "requested", priority: "normal" } };
    }
    // `help`, and any button from an older knowledge base that no longer exists.
    return { action: "answer", topic: null, confidence: 1, replies: [this.replies.menu("help", input.language)] };
  }

  private onRule(rule: Rule, input: EngineInput): Decision {
    const { language } = input;
    const handoff = rule.handoff;
    // "That didn't help" is about the previous answer: the person should see that topic.
    const topic = handoff?.reason === "not_helpful" ? input.conversation.lastTopic : (rule.topic ?? null);
    if (rule.reply === "topic") {
      const decision = this.answer(this.entry(rule.topic as string), input, 1);
      return { ...decision, ruleId: rule.id, ...(handoff ? { action: "handoff", handoff } : {}) };
    }
    const replies = rule.reply ? [this.replies.text(rule.reply[language])] : [];
    return { action: handoff ? "handoff" : "answer", topic, confidence: 1, replies, ruleId: rule.id, ...(handoff ? { handoff } : {}) };
  }

  /** `runnerUp`: when the matcher chose the entry, the next likeliest topic, offered as its first button. */
  private answer(entry: FaqEntry, input: EngineInput, confidence: number, runnerUp: string | null = null): Decision {
    const { message, moveToPrivate } = this.replies.answer(entry, input.language, input.conversation.ref.kind === "comment", runnerUp);
    return {
      action: entry.handoff === "urgent" ? "handoff" : "answer",
      topic: entry.id,
      confidence,
      replies: [message],
      ...(entry.handoff === "urgent" ? { handoff: URGENT } : {}),
      ...(moveToPrivate ? { moveToPrivate } : {}),
    };
  }

  /** The first miss shows what the bot can do (the likeliest topic first); a second one in a row brings a person. */
  private miss(input: EngineInput, confidence: number, suggestion?: string): Decision {
    if (input.conversation.consecutiveMisses >= 1) {
      return {
        action: "handoff",
        topic: null,
        confidence,
        replies: [this.replies.text(this.parts.knowledge.policy.replies.handed_over[input.language])],
        handoff: { reason: "repeated_fallback", priority: "normal" },
      };
    }
    return { action: "fallback", topic: null, confidence, replies: [this.replies.menu("fallback", input.language, suggestion)] };
  }

  private entry(id: string): FaqEntry {
    const entry = this.parts.knowledge.entries.get(id);
    // The loader checks every topic a rule or the matcher can name; this is a broken invariant.
    if (!entry) throw new Error(`no FAQ entry for topic ${id}`);
    return entry;
  }
}
