import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import {
  appendTurn,
  type Conversation,
  conversationId,
  type ConversationRef,
  type HandleResult,
  type InboundMessage,
  type InboundMessageInput,
  inboundMessageSchema,
  newConversation,
  NOTHING,
  type OutboundMessage,
  platformSchema,
  type Turn,
} from "./conversation/model.js";
import { KeyedSerializer } from "./conversation/serial.js";
import { transition } from "./conversation/state-machine.js";
import type { ConversationStore } from "./conversation/store.js";
import { detectLanguage, languageOfHint } from "./engine/language.js";
import { BUTTON, type Decision, type Engine, type HandoffRequest, topicButtonId } from "./engine/types.js";
import { parseCsat } from "./handoff/csat.js";
import type { HandoffDesk, HandoffOpening } from "./handoff/desk.js";
import type { Metrics } from "./metrics.js";
import { isAbusive } from "./safety/abuse.js";
import { MAX_TEXT_CHARS, screenInbound } from "./safety/gate.js";
import type { PrivateInvites } from "./safety/private-invites.js";
import type { RateLimiter } from "./safety/rate-limit.js";
import { redact } from "./safety/redact.js";
import { abuseReply, publicExposureWarning, secretWarning } from "./safety/warnings.js";
import { TEXT } from "./texts.js";
import { schemaProblems } from "./log.js";

export interface PipelineDeps {
  store: ConversationStore;
  /** A function, so a knowledge reload swaps the engine between two messages. */
  engine: () => Engine;
  desk: HandoffDesk;
  log: Logger;
  limiter: RateLimiter;
  invites: PrivateInvites;
  metrics: Metrics;
}

/** What one inbound message led to, once the conversation is saved. */
interface Outcome {
  replies: OutboundMessage[];
  opening?: HandoffOpening;
  relay?: string;
  /** A satisfaction score (1-5) for the handoff that just closed. */
  rating?: number;
  /** Continue in private: the last reply gets a token that resumes this topic (or handoff) in a DM. */
  invite?: { topic: string | null; handoff?: HandoffRequest };
  /** The user's public comment exposed sensitive data and the bot may delete it. */
  deleteInbound?: boolean;
  /** What the engine did, counted once the conversation is saved (step may run more than once). */
  decided?: Decision["action"];
}

/**
 * inbound -> de-duplicate -> load conversation -> engine -> outbound -> save.
 * Every adapter hands its messages to `handle` and sends back what it returns.
 */
export class Pipeline {
  private readonly serial = new KeyedSerializer();

  constructor(private readonly deps: PipelineDeps) {}

  /** The bot's immediate replies to one message (none for a redelivery or while a person handles it). */
  handle(input: InboundMessageInput): Promise<HandleResult> {
    const parsed = inboundMessageSchema.safeParse(input);
    // A label only from the known platforms, so no input makes a new series.
    const platform = parsed.success ? parsed.data.ref.platform : (platformSchema.safeParse(input?.ref?.platform).data ?? "invalid");
    const took = this.deps.metrics.handling.startTimer({ platform });
    if (!parsed.success) {
      // An adapter's bug or a platform's oddity: ignored by rule and logged (paths only, no values), never a crash.
      this.deps.log.warn({ problems: schemaProblems(parsed.error, "(message)") }, "malformed inbound message ignored");
      took();
      return Promise.resolve(NOTHING);
    }
    const inbound = parsed.data;
    const id = conversationId(inbound.ref, inbound.author.id);
    return this.serial.run(id, () => this.process(id, inbound)).finally(took);
  }

  /** Marks the user's conversation unreachable until they write again. */
  async markUnreachable(ref: ConversationRef, userId: string): Promise<void> {
    const id = conversationId(ref, userId);
    if (!(await this.deps.store.load(id))) return;
    await this.deps.store.update(id, () => newConversation(ref, { id: userId, displayName: "" }, "zh", Date.now()), (conversation) => {
      conversation.unreachable = true;
    });
    this.deps.log.info({ conversationId: id }, "user unreachable");
  }

  /** Resolves when every message taken so far has been answered. */
  drain(): Promise<void> {
    return this.serial.drain();
  }

  private async process(id: string, inbound: InboundMessage): Promise<HandleResult> {
    const { store, desk, log, limiter, invites, metrics } = this.deps;
    if (!(await store.claimMessage(inbound.ref.platform, inbound.messageId))) {
      log.debug({ platform: inbound.ref.platform, messageId: inbound.messageId }, "skipping duplicate message");
      return NOTHING;
    }
    // Counted once answered (messages, decisions, handoffs): a failure releases the claim, and the redelivery is the one that counts.
    const counted = { platform: inbound.ref.platform, kind: inbound.ref.kind };
    try {
      // A first message without words (a slash command, a button, a sticker) speaks the user's client language.
      const hinted = languageOfHint(inbound.author.languageHint);
      const language = async () => detectLanguage(inbound.text.slice(0, MAX_TEXT_CHARS), (await store.load(id))?.language ?? hinted);
      const screened = await screenInbound(inbound, { limiter, log, language });
      if (screened) {
        metrics.messages.inc(counted);
        return screened;
      }
      // A deep link from a public comment (Telegram /start <token>): only in private, only for the user it was made for.
      const invite =
        inbound.startPayload !== undefined && inbound.ref.kind === "dm" ? await invites.redeem(inbound.startPayload, inbound.ref.platform, inbound.author.id) : undefined;
      // The case moves with the user: without the public turns, an agent would get a card with no question on it.
      const publicTurns = invite ? ((await store.load(invite.fromConversation))?.turns ?? []) : [];
      const { conversation, result } = await store.update(
        id,
        () => newConversation(inbound.ref, inbound.author, detectLanguage(inbound.text, hinted), inbound.receivedAt),
        (conversation) => this.step(conversation, inbound, invite, publicTurns),
      );
      if (result.invite && result.replies.length > 0) {
        const token = await invites.mint({ platform: inbound.ref.platform, userId: inbound.author.id, fromConversation: id, ...result.invite });
        const last = result.replies.length - 1;
        result.replies[last] = { ...(result.replies[last] as OutboundMessage), continueInPrivate: { token } };
      }
      const replies = result.opening ? [...result.replies, ...(await desk.open(conversation, result.opening))] : result.replies;
      if (result.relay !== undefined) await desk.relay(conversation, result.relay);
      if (result.rating !== undefined) replies.push(...(await desk.rate(conversation, result.rating)));
      if (result.decided) metrics.decisions.inc({ action: result.decided, language: conversation.language });
      if (result.opening) metrics.handoffs.inc({ reason: result.opening.reason, priority: result.opening.priority });
      metrics.messages.inc(counted);
      return { replies, deleteInbound: result.deleteInbound ?? false };
    } catch (error) {
      // Forget the claim so the platform's redelivery gets a second chance instead of silence.
      await store.releaseMessage(inbound.ref.platform, inbound.messageId).catch(() => undefined);
      throw error;
    }
  }

  /** Pure with respect to the outside world: the store may run it again on a concurrent write. */
  private step(conversation: Conversation, inbound: InboundMessage, invite: Outcome["invite"], publicTurns: Turn[]): Outcome {
    const now = inbound.receivedAt;
    const found = redact(inbound.text);
    const safeText = found.text;
    conversation.ref = inbound.ref;
    conversation.unreachable = false;
    conversation.user = inbound.author;
    conversation.language = detectLanguage(inbound.text, conversation.language);
    const language = conversation.language;
    const rating = parseCsat(inbound.action);
    // A satisfaction click rates the handoff that just closed; it is not a question for the engine.
    if (rating !== undefined) return { replies: [], rating };
    for (const turn of publicTurns) appendTurn(conversation, turn);
    const turnText = describeTurn(inbound, safeText);
    appendTurn(conversation, { role: "user", text: turnText, at: now });

    if (inbound.ref.kind === "comment" && (found.kinds.length > 0 || found.personal.length > 0)) {
      const outcome = this.say(conversation, now, [publicExposureWarning(language, inbound.botCanDelete)]);
      return { ...outcome, deleteInbound: inbound.botCanDelete, invite: { topic: null } };
    }
    const warnings = secretWarning(conversation, found.kinds);

    if (conversation.state === "queued" || conversation.state === "assigned") {
      const replies = inbound.unreadable ? [{ text: TEXT.textOnlyWhileWaiting[language], buttons: [] }] : [];
      return { replies: [...warnings, ...replies], relay: turnText };
    }
    if (conversation.state === "closed") transition(conversation, "bot");

    if (inbound.unreadable && inbound.text.trim() === "" && !inbound.action) {
      return this.say(conversation, now, [{ text: TEXT.textOnly[language], buttons: [] }]);
    }

    if (isAbusive(inbound.text)) return this.say(conversation, now, [...warnings, ...abuseReply(conversation)]);
    if (invite?.handoff) {
      const outcome = this.say(conversation, now, warnings);
      outcome.opening = this.openHandoff(conversation, invite.topic, invite.handoff);
      return outcome;
    }

    const decision = this.deps.engine().decide({
      // Redacted: the secret warning is the pipeline's, once per conversation (the engine's own rule never sees a secret).
      text: safeText,
      // An empty message (Telegram's /start, a first contact) gets the "what I can help with" menu.
      action: inbound.action ?? (invite?.topic ? topicButtonId(invite.topic) : undefined) ?? (inbound.text.trim() === "" ? BUTTON.help : undefined),
      language,
      conversation,
      // Found above already: the warning is the pipeline's, and the text holds masks only.
      secretShared: false,
    });
    // A secret with nothing else is not a question: the warning is the answer, and no miss.
    const secretOnly = warnings.length > 0 && decision.action === "fallback";
    if (!secretOnly) conversation.consecutiveMisses = decision.action === "fallback" ? conversation.consecutiveMisses + 1 : 0;
    if (decision.topic) conversation.lastTopic = decision.topic;
    const outcome = this.say(conversation, now, secretOnly ? warnings : [...warnings, ...decision.replies]);
    outcome.decided = decision.action;
    if (inbound.ref.kind === "comment" && (decision.handoff || decision.moveToPrivate)) {
      // Account matters and handoffs are never worked in public: the user continues in a private chat.
      if (decision.handoff) outcome.replies.push(...this.say(conversation, now, [{ text: TEXT.handoffInPrivate[language], buttons: [] }]).replies);
      outcome.invite = { topic: decision.topic, ...(decision.handoff ? { handoff: decision.handoff } : {}) };
      return outcome;
    }
    if (decision.handoff) outcome.opening = this.openHandoff(conversation, decision.topic, decision.handoff);
    return outcome;
  }

  private openHandoff(conversation: Conversation, topic: string | null, request: HandoffRequest): HandoffOpening {
    transition(conversation, "queued");
    conversation.consecutiveMisses = 0;
    // Saved with the conversation before the desk enqueues it: the queue's job id, so a retry makes no second handoff.
    conversation.openHandoffId ??= `h-${randomUUID()}`;
    return { handoffId: conversation.openHandoffId, topic, ...request };
  }

  private say(conversation: Conversation, at: number, replies: OutboundMessage[]): Outcome {
    for (const reply of replies) appendTurn(conversation, { role: "bot", text: reply.text, at });
    return { replies };
  }
}

/** What an agent reads for one user message: the text, or what the user did instead of writing. */
function describeTurn(inbound: InboundMessage, safeText: string): string {
  if (inbound.unreadable) return `[${inbound.unreadable}] ${safeText}`.trim();
  if (safeText.trim() !== "") return safeText;
  if (inbound.action) return `[button ${inbound.action}]`;
  return inbound.startPayload !== undefined ? "[/start]" : safeText;
}
