import { z } from "zod";
import { conversationRefSchema, languageSchema, participantSchema, turnSchema } from "../conversation/model.js";
import type { HandoffPriority, HandoffReason } from "../engine/types.js";

export const handoffReasonSchema = z.enum(["requested", "urgent_security", "repeated_fallback", "not_helpful", "policy"]) satisfies z.ZodType<HandoffReason>;
export const handoffPrioritySchema = z.enum(["urgent", "normal"]) satisfies z.ZodType<HandoffPriority>;

/** BullMQ job ids may not contain `:` and may not be integers; the pipeline makes `h-<uuid>`. */
export const handoffIdSchema = z.string().regex(/^h-[A-Za-z0-9-]{1,64}$/, "expects a handoff id like h-<uuid>");

/** Everything a person needs to pick up a conversation; what the card shows. Redacted before it is built. */
export const handoffDataSchema = z.object({
  handoffId: handoffIdSchema,
  conversationId: z.string().min(1),
  ref: conversationRefSchema,
  user: participantSchema,
  language: languageSchema,
  reason: handoffReasonSchema,
  priority: handoffPrioritySchema,
  topic: z.string().nullable(),
  /** The recent turns, redacted: card numbers, codes and passwords never reach staff. */
  turns: z.array(turnSchema),
  openedAt: z.number().int(),
});
export type HandoffData = z.infer<typeof handoffDataSchema>;

/**
 * One job of the `handoffs` queue. `card` posts the handoff's card (job id = handoff id);
 * `followup` posts the user's n-th message while waiting into the card's thread; `note` posts a
 * line for staff; `update` redraws the card from the handoff's current state; `remind` and
 * `escalate` are the SLA timers, cancelled by Claim.
 */
export const handoffJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("card"), handoff: handoffDataSchema }),
  z.object({ kind: z.literal("followup"), handoffId: handoffIdSchema, index: z.number().int().min(0) }),
  z.object({ kind: z.literal("note"), handoffId: handoffIdSchema, text: z.string().min(1), broadcast: z.boolean().default(false) }),
  z.object({ kind: z.literal("update"), handoffId: handoffIdSchema }),
  z.object({ kind: z.enum(["remind", "escalate"]), handoffId: handoffIdSchema }),
]);
export type HandoffJob = z.infer<typeof handoffJobSchema>;

/** Who acts on a handoff from the staff side. */
export const agentSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type Agent = z.infer<typeof agentSchema>;
