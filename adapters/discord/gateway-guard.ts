import { type Client, Events, GatewayDispatchEvents } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import { LOG_PROBLEMS, schemaProblems } from "../../src/log.js";

/**
 * discord.js builds its objects from gateway events without checking them: a MESSAGE_CREATE without
 * an author, or with an attachment that is not an object, throws inside its WebSocket handler, where
 * nothing can catch it, and the unhandled rejection stops the process. These schemas say what
 * discord.js and the adapter read of the two events the bot answers; an event that does not match
 * is logged once (field paths, never values) and never reaches discord.js.
 */

const snowflake = z.string().regex(/^\d{1,20}$/, "expects a snowflake id");
/** An object, whatever it holds: discord.js reads its fields with optional chaining or defaults. */
const record = z.looseObject({});
const user = z.looseObject({ id: snowflake, username: z.string().optional(), global_name: z.string().nullish(), bot: z.boolean().optional() });
const channel = z.looseObject({
  id: snowflake,
  type: z.number().int(),
  name: z.string().nullish(),
  flags: z.number().int().min(0).optional(),
  recipients: z.array(user).optional(),
  parent_id: snowflake.nullish(),
  permission_overwrites: z.array(z.looseObject({ id: snowflake, type: z.number().int(), allow: z.string(), deny: z.string() })).optional(),
  thread_metadata: record.optional(),
});

const messageSchema: z.ZodType = z.looseObject({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  author: user,
  content: z.string().optional(),
  type: z.number().int().optional(),
  flags: z.number().int().min(0).optional(),
  webhook_id: snowflake.nullish(),
  member: record.nullish(),
  mentions: z.array(user).nullish(),
  mention_roles: z.array(snowflake).nullish(),
  attachments: z.array(z.looseObject({ id: snowflake, content_type: z.string().optional() })).nullish(),
  embeds: z.array(record).optional(),
  components: z.array(record).optional(),
  sticker_items: z.array(z.looseObject({ id: snowflake })).nullish(),
  stickers: z.array(z.looseObject({ id: snowflake })).nullish(),
  reactions: z.array(record).nullish(),
  message_reference: record.optional(),
  referenced_message: z.lazy(() => messageSchema).nullish(),
  thread: channel.optional(),
  poll: record.nullish(),
  application: record.optional(),
  activity: record.optional(),
  interaction: z.looseObject({ user }).nullish(),
  interaction_metadata: record.nullish(),
  message_snapshots: z.array(record).nullish(),
  role_subscription_data: record.optional(),
  resolved: record.optional(),
});

/** Interaction types (InteractionType): a ping carries no data; a component click carries its message. */
const PING = 1;
const MESSAGE_COMPONENT = 3;

const interactionSchema = z
  .looseObject({
    id: snowflake,
    application_id: snowflake,
    type: z.number().int(),
    token: z.string().min(1),
    data: z
      .looseObject({
        type: z.number().int().optional(),
        name: z.string().optional(),
        custom_id: z.string().optional(),
        component_type: z.number().int().optional(),
        options: z.array(record).optional(),
      })
      .optional(),
    user: user.optional(),
    member: z.looseObject({ user, permissions: z.string().optional() }).optional(),
    channel: channel.optional(),
    channel_id: snowflake.optional(),
    guild_id: snowflake.optional(),
    locale: z.string().optional(),
    app_permissions: z.string().regex(/^\d+$/, "expects a permission bit set").optional(),
    entitlements: z.array(record),
    authorizing_integration_owners: record,
    message: messageSchema.optional(),
  })
  .refine((interaction) => interaction.user !== undefined || interaction.member !== undefined, { message: "expects user or member", path: ["user"] })
  .refine((interaction) => interaction.type === PING || interaction.data !== undefined, { message: "expects data", path: ["data"] })
  .refine((interaction) => interaction.type !== MESSAGE_COMPONENT || interaction.message !== undefined, { message: "expects the message of the component", path: ["message"] });

const GUARDED: ReadonlyMap<string, z.ZodType> = new Map([
  [GatewayDispatchEvents.MessageCreate, messageSchema],
  [GatewayDispatchEvents.InteractionCreate, interactionSchema],
]);

/** What a dropped event becomes: a name no discord.js handler answers to. */
const DROPPED = "TOPAY_MALFORMED_EVENT_DROPPED";


/** What is wrong with one gateway event (field paths, never values); empty when discord.js can read it. */
export function eventProblems(event: unknown, data: unknown): string[] {
  const schema = typeof event === "string" ? GUARDED.get(event) : undefined;
  let checked: ReturnType<z.ZodType["safeParse"]> | undefined;
  try {
    checked = schema?.safeParse(data);
  } catch {
    // A referenced_message nested thousands deep overflows the stack: no message Discord sends.
    return ["(event): nested too deeply"];
  }
  if (!checked || checked.success) return [];
  return schemaProblems(checked.error, "(event)", LOG_PROBLEMS);
}

/**
 * Checks every MESSAGE_CREATE and INTERACTION_CREATE before discord.js handles it. The `raw` event
 * hands listeners the very packet discord.js handles next; renaming a malformed one makes discord.js
 * skip it (its handler table has no entry for the new name).
 */
export function guardGateway(client: Client, log: Logger): void {
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown } | null) => {
    if (!packet) return;
    const problems = eventProblems(packet.t, packet.d);
    if (problems.length === 0) return;
    log.warn({ event: packet.t, problems }, "malformed discord event ignored");
    packet.t = DROPPED;
  });
}
