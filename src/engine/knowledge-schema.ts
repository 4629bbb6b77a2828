import { z } from "zod";

/** The schemas of the files in knowledge/ (documented for support leads in knowledge/README.md). */

const text = z.string().trim().min(1, "expects text");
const localizedText = z.strictObject({ zh: text, en: text });

/** Below this many examples per language a topic is matched on luck. */
const MIN_EXAMPLES_PER_LANGUAGE = 25;

const examples = (min: number) =>
  z.strictObject({
    zh: z.array(text).min(min, `expects at least ${min} example questions`),
    en: z.array(text).min(min, `expects at least ${min} example questions`),
  });

const categorySchema = z.enum(["account", "payment", "security", "promotions", "app", "feedback", "contact"]);

const topicIdSchema = z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/, "expects a topic id such as refund.status");

export const faqEntrySchema = z
  .strictObject({
    id: topicIdSchema,
    category: categorySchema,
    title: localizedText,
    questions: examples(MIN_EXAMPLES_PER_LANGUAGE),
    answer: localizedText,
    public_answer: localizedText.optional(),
    private: z.boolean().default(false),
    followups: z.array(topicIdSchema).default([]),
    handoff: z.enum(["none", "offer", "urgent"]).default("none"),
  })
  .refine((entry) => !entry.private || entry.public_answer !== undefined, {
    path: ["public_answer"],
    message: "expects a public_answer when private is true",
  });
export type FaqEntry = z.infer<typeof faqEntrySchema>;

export const oosFileSchema = z.strictObject({ questions: examples(1) });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expects a time HH:MM");
/** brand.yaml's days, in week order: the one list of weekdays (hours.ts and brand.ts count on it). */
export const weekdaySchema = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
export type Weekday = z.infer<typeof weekdaySchema>;

export const brandSchema = z.strictObject({
  /** Marks shipped placeholder values; kb:check reminds to replace them. */
  example: z.boolean().default(false),
  brand: text,
  hotline: text,
  email: z.email("expects an e-mail address"),
  website: z.url("expects a URL"),
  app_store: z.url("expects a URL"),
  social: z.strictObject({ telegram: z.url("expects a URL"), discord: z.url("expects a URL") }),
  hours: z.strictObject({
    timezone: z.string().refine(isTimeZone, "expects an IANA time zone such as Asia/Shanghai"),
    days: z.array(weekdaySchema).min(1),
    open: clock,
    close: clock,
  }),
});
export type Brand = z.infer<typeof brandSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** knowledge/synonyms.yaml: canonical -> variants. */
export const synonymsSchema = z.record(text, z.array(text).min(1, "expects at least one variant"));

const phrases = z.array(text).min(1);

const handoffSchema = z.strictObject({
  reason: z.enum(["requested", "urgent_security", "not_helpful"]),
  priority: z.enum(["urgent", "normal"]),
});

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, "expects a rule id such as urgent-security"),
    when: z
      .strictObject({
        /** Fires when the message contains one of these (Latin phrases match whole words). */
        contains: phrases.optional(),
        /** Fires when the whole message is made of these phrases and `fillers` only. */
        whole: phrases.optional(),
        /** With `contains`: fires only when the message also contains one of these ("冒充客服" and "钱没了"). */
        also: phrases.optional(),
        /** Never fires when the message contains one of these. */
        unless: phrases.optional(),
        /** Fires when the message carries a password, a verification code or a card number. */
        secret: z.literal(true).optional(),
      })
      .refine((when) => when.contains || when.whole || when.secret, "expects contains, whole or secret")
      .refine((when) => !when.also || when.contains, { path: ["also"], message: "also expects contains" }),
    /** The FAQ topic the message is about (classification, and `reply: topic`). */
    topic: topicIdSchema.optional(),
    /** `topic`: the topic's answer. Absent: the rule says nothing itself (a handoff's opening speaks). */
    reply: z.union([z.literal("topic"), localizedText]).optional(),
    handoff: handoffSchema.optional(),
  })
  .refine((rule) => rule.reply !== undefined || rule.handoff !== undefined, { message: "expects a reply or a handoff" })
  .refine((rule) => rule.reply !== "topic" || rule.topic !== undefined, { path: ["reply"], message: "reply: topic expects a topic" });
export type Rule = z.infer<typeof ruleSchema>;

export const rulesFileSchema = z.strictObject({
  /** Words that may surround a `whole` phrase without changing it (啊, 呀, there, so much). */
  fillers: z.array(text).default([]),
  // The matcher tracks `whole` rules as bits of one 32-bit integer.
  rules: z
    .array(ruleSchema)
    .min(1)
    .refine((rules) => rules.filter((rule) => rule.when.whole).length <= 30, "expects at most 30 rules with `whole` phrases"),
});
export type RulesFile = z.infer<typeof rulesFileSchema>;

/** knowledge/policy.yaml: the bot's own replies around the FAQ, and the cost its thresholds minimise. */
export const policyFileSchema = z.strictObject({
  /** Topics offered as buttons by the fallback and the help menu. */
  menu: z.array(topicIdSchema).min(1).max(8),
  replies: z.strictObject({
    help: localizedText,
    fallback: localizedText,
    clarify: localizedText,
    handed_over: localizedText,
  }),
  cost: z.strictObject({
    /**
     * A wrong answer, in units of one fallback: to a question about money (and to any out-of-scope
     * one), to the rest, and when the right topic is one of the answer's buttons (the runner-up or a follow-up).
     */
    wrong_answer: z.strictObject({ money: z.number().positive(), other: z.number().positive(), offered: z.number().positive() }),
    /** Categories whose questions are about money. */
    money_categories: z.array(categorySchema).min(1),
    /** A clarify question, in units of one fallback. */
    clarify: z.number().min(0),
  }),
  /** Most clarify questions the thresholds may produce, as a share of all questions. */
  max_clarify_share: z.number().min(0).max(1),
  /** A fallback offers the best topic as its first button ("did you mean ...?") when its probability reaches this. */
  suggest: z.number().min(0).max(1),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;
