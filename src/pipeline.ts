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
  type OutboundMessage,
} from "./conversation/model.js";
import { KeyedSerializer } from "./conversation/serial.js";
import { transition } from "./conversation/state-machine.js";
import type { ConversationStore } from "./conversation/store.js";
import { detectLanguage } from "./engine/language.js";
import type { Engine, HandoffRequest } from "./engine/types.js";
import type { HandoffDesk, HandoffOpening } from "./handoff/desk.js";
import { redact } from "./safety/redact.js";
import { TEXT } from "./texts.js";

export interface PipelineDeps {
  store: ConversationStore;
  /** A function, so a knowledge reload swaps the engine between two messages. */
  engine: () => Engine;
  desk: HandoffDesk;
  log: Logger;
}

/** What one inbound message led to, once the conversation is saved. */
interface Outcome {
  replies: OutboundMessage[];
  opening?: HandoffOpening;
  relay?: string;
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
    const inbound = inboundMessageSchema.parse(input);
    const id = conversationId(inbound.ref, inbound.author.id);
    return this.serial.run(id, () => this.process(id, inbound));
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
    const { store, desk, log } = this.deps;
    if (!(await store.claimMessage(inbound.ref.platform, inbound.messageId))) {
      log.debug({ platform: inbound.ref.platform, messageId: inbound.messageId }, "skipping duplicate message");
      return { replies: [], deleteInbound: false };
    }
    try {
      const { conversation, result } = await store.update(
        id,
        () => newConversation(inbound.ref, inbound.author, detectLanguage(inbound.text), inbound.receivedAt),
        (conversation) => this.step(conversation, inbound),
      );
      const replies = result.opening ? [...result.replies, ...(await desk.open(conversation, result.opening))] : result.replies;
      if (result.relay !== undefined) await desk.relay(conversation, result.relay);
      return { replies, deleteInbound: false };
    } catch (error) {
      // Forget the claim so the platform's redelivery gets a second chance instead of silence.
      await store.releaseMessage(inbound.ref.platform, inbound.messageId).catch(() => undefined);
      throw error;
    }
  }

  /** Pure with respect to the outside world: the store may run it again on a concurrent write. */
  private step(conversation: Conversation, inbound: InboundMessage): Outcome {
    const now = inbound.receivedAt;
    const safeText = redact(inbound.text).text;
    conversation.ref = inbound.ref;
    conversation.unreachable = false;
    conversation.user = inbound.author;
    conversation.language = detectLanguage(inbound.text, conversation.language);
    const language = conversation.language;
    appendTurn(conversation, { role: "user", text: inbound.unreadable ? `[${inbound.unreadable}] ${safeText}`.trim() : safeText, at: now });

    if (conversation.state === "queued" || conversation.state === "assigned") {
      const relay = inbound.unreadable ? `[${inbound.unreadable}] ${safeText}`.trim() : safeText;
      const replies = inbound.unreadable ? [{ text: TEXT.textOnlyWhileWaiting[language], buttons: [] }] : [];
      return { replies, relay };
    }
    if (conversation.state === "closed") transition(conversation, "bot");

    if (inbound.unreadable && inbound.text.trim() === "" && !inbound.action) {
      return this.say(conversation, now, [{ text: TEXT.textOnly[language], buttons: [] }]);
    }

    const decision = this.deps.engine().decide({
      text: inbound.text,
      action: inbound.action,
      language,
      conversation,
    });
    conversation.consecutiveMisses = decision.action === "fallback" ? conversation.consecutiveMisses + 1 : 0;
    if (decision.topic) conversation.lastTopic = decision.topic;
    const outcome = this.say(conversation, now, decision.replies);
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
