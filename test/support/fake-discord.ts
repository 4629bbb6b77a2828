import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PermissionFlagsBits, type RESTPostAPIChannelMessageJSONBody } from "discord.js";
import { WebSocket, WebSocketServer } from "ws";

/**
 * A local Discord for tests: REST (`/api/v10/...`) and the gateway WebSocket on one port of
 * 127.0.0.1, speaking Discord's wire format closely enough for discord.js 14
 * (../shared/docs/platform-testing.md §2). One guild with two text channels, `general` and
 * `support`; users are made up on first use from a name.
 *
 *   const discord = await startFakeDiscord();
 *   const bot = await startTestBot({ ...discord.env, DISCORD_SUPPORT_CHANNELS: discord.channels.support });
 *   discord.dm("alice", "where is my refund?");
 *   const [answer] = await discord.waitForSent(discord.dmChannel("alice"), 1);
 *   await bot.stop(); await discord.close();          // the bot first, then the fake
 *
 * Like Discord, it echoes every message the bot posts back over the gateway (MESSAGE_CREATE),
 * gives a thread opened on a message the message's id, and answers a second thread on the same
 * message with error 160004.
 */

/** A message as Discord sends it (the fields discord.js reads). */
export type ApiMessage = { id: string; channel_id: string; content: string; [field: string]: unknown };

/** What a dispatch helper sent: the payload, and its gateway sequence number (for `dropConnection`). */
export interface Dispatched {
  seq: number;
  message: ApiMessage;
}

export interface DispatchedInteraction {
  seq: number;
  interactionId: string;
}

/** A message the bot posted with `POST /channels/:id/messages`. */
export interface SentMessage {
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
  /** The message object the fake answered with (what a click refers to). */
  message: ApiMessage;
}

/** A message the bot sent through an interaction's webhook: a follow-up, or an edit or deletion of its "thinking…" placeholder. */
export interface InteractionMessage {
  interactionId: string;
  kind: "followup" | "edit-original" | "delete-original";
  body: RESTPostAPIChannelMessageJSONBody;
}

export interface FakeDiscordOptions {
  /** Intent bits the application may use; IDENTIFY asking for more is closed with 4014. Default: all. */
  allowedIntents?: number;
  /** Give the bot Manage Messages in the guild (it may delete users' messages). Default false. */
  manageMessages?: boolean;
}

const GATEWAY_VERSION = "/api/v10";
const HEARTBEAT_INTERVAL_MS = 500;
const TOKEN = "fake-discord-bot-token";
const SEND_MESSAGES_IN_GUILD =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

type Json = Record<string, unknown>;
interface Channel {
  id: string;
  type: number;
  guild_id?: string;
  parent_id?: string | null;
  [field: string]: unknown;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  /** Every message the bot posted to a channel, in order. */
  readonly sent: SentMessage[] = [];
  /** Threads the bot opened on a message. */
  readonly threads: { id: string; parentId: string; name: string }[] = [];
  /** Interaction acknowledgements: type 5 = deferred reply ("thinking…"), 6 = deferred update. */
  readonly interactionCallbacks: { interactionId: string; type: number }[] = [];
  readonly interactionMessages: InteractionMessage[] = [];
  /** Slash command registrations (PUT); `guildId` null for global commands. */
  readonly commandRegistrations: { guildId: string | null; commands: Json[] }[] = [];
  /** Users the bot opened a DM with (`POST /users/@me/channels`). */
  readonly dmsOpened: string[] = [];
  readonly deletedMessages: { channelId: string; messageId: string }[] = [];
  /** Gateway handshakes: a resumed session adds to `resumes`, a new one to `identifies`. */
  readonly gateway = { identifies: 0, resumes: 0 };
  /** Every REST call, as `METHOD /path` (without /api/v10) and the status the fake answered. */
  readonly requests: { route: string; status: number }[] = [];

  readonly guildId: string;
  readonly applicationId: string;
  readonly bot: Json & { id: string };
  readonly channels: { general: string; support: string };

  private nextId = 1_400_000_000_000_000_000n;
  private readonly server = createServer((req, res) => void this.serveRest(req, res));
  private readonly wss = new WebSocketServer({ server: this.server });
  private readonly users = new Map<string, Json & { id: string }>();
  private readonly channelsById = new Map<string, Channel>();
  private readonly messages = new Map<string, ApiMessage>();
  private readonly botRoleId: string;
  private socket: WebSocket | undefined;
  /** The socket has identified or resumed: dispatches go out (else they wait in the session log). */
  private live = false;
  private readonly interactionChannels = new Map<string, string>();
  private session = { id: "", seq: 0, log: [] as { s: number; t: string; d: unknown }[] };
  private replayFrom: number | undefined;
  private rejectNext: number | undefined;
  private port = 0;

  constructor(private readonly options: FakeDiscordOptions) {
    this.guildId = this.id();
    this.applicationId = this.id();
    this.botRoleId = this.id();
    this.bot = { id: this.applicationId, username: "topay-bot", discriminator: "0", global_name: "Topay Bot", avatar: null, bot: true, flags: 0 };
    this.channels = { general: this.addChannel("general"), support: this.addChannel("support") };
    this.wss.on("connection", (socket) => this.onConnection(socket));
  }

  /** Settings that point the bot at this fake. */
  get env(): { DISCORD_BOT_TOKEN: string; DISCORD_API_BASE: string } {
    return { DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_BASE: `http://127.0.0.1:${this.port}/api` };
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Closes the gateway and REST; stop the bot first, or it keeps trying to reconnect. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The user called `name` (made up on first use). */
  user(name: string): Json & { id: string } {
    let user = this.users.get(name);
    if (!user) {
      user = { id: this.id(), username: name, discriminator: "0", global_name: name[0]!.toUpperCase() + name.slice(1), avatar: null, flags: 0 };
      this.users.set(name, user);
    }
    return user;
  }

  /** The id of the DM channel between the bot and `name` (made up on first use; the bot's createDM gets the same). */
  dmChannel(name: string): string {
    return this.dmChannelOf(this.user(name)).id;
  }

  /** `name` writes to the bot in private. */
  dm(name: string, content: string, extra: Json = {}): Dispatched {
    return this.userMessage(this.dmChannel(name), name, content, extra);
  }

  /** The MESSAGE_CREATE payload `dm` would send, not sent: a test may alter it, then `dispatch` it. */
  dmPayload(name: string, content: string): ApiMessage {
    return this.message(this.channel(this.dmChannel(name)), this.user(name), content);
  }

  /**
   * `name` writes in a guild channel or thread. `mention` puts `<@bot>` in front, `replyTo` makes
   * it a reply to that message; `extra` adds or overrides fields (attachments, sticker_items...).
   */
  say(channelId: string, name: string, content: string, options: { mention?: boolean; replyTo?: ApiMessage; extra?: Json } = {}): Dispatched {
    const text = options.mention ? `<@${this.bot.id}> ${content}` : content;
    const reply = options.replyTo
      ? {
          type: 19,
          message_reference: { type: 0, message_id: options.replyTo.id, channel_id: options.replyTo.channel_id, guild_id: this.guildId },
          referenced_message: options.replyTo,
        }
      : {};
    return this.userMessage(channelId, name, text, { ...reply, ...options.extra });
  }

  /** `name` clicks the button `customId` on `message` (the fake does not check that the message carries it). */
  click(name: string, message: ApiMessage, customId: string, locale = "en-US"): DispatchedInteraction {
    return this.interaction(name, message.channel_id, locale, { type: 3, data: { custom_id: customId, component_type: 2 }, message });
  }

  /** The INTERACTION_CREATE payload `click` would send, not sent: a test may alter it, then `dispatch` it. */
  clickPayload(name: string, message: ApiMessage, customId: string, locale = "en-US"): Json & { id: string } {
    return this.interactionPayload(name, message.channel_id, locale, { type: 3, data: { custom_id: customId, component_type: 2 }, message });
  }

  /** `name` runs the slash command `/commandName` in a channel (a DM channel id from `dmChannel` for private). */
  command(name: string, channelId: string, commandName: string, locale = "en-US"): DispatchedInteraction {
    return this.interaction(name, channelId, locale, { type: 2, data: { id: this.id(), name: commandName, type: 1 } });
  }

  /** Sends any gateway event (a replayed MESSAGE_CREATE, ...). Returns its sequence number. */
  dispatch(t: string, d: unknown): number {
    const s = ++this.session.seq;
    this.session.log.push({ s, t, d });
    this.send({ op: 0, s, t, d });
    return s;
  }

  /**
   * Forgets the events dispatched so far (kept for resume replays) and the messages stored: a long
   * fuzz run then measures the bot's memory, not the fake's. A session resumed later replays nothing.
   */
  forgetHistory(): void {
    this.session.log = [];
    this.messages.clear();
  }

  /** The next `POST /channels/:id/messages` fails with this Discord error (50007 "Cannot send messages to this user", 50013 "Missing Permissions"). */
  rejectNextMessage(code = 50007): void {
    this.rejectNext = code;
  }

  /**
   * Closes the gateway connection as a network failure would (close code 4000). Events dispatched
   * meanwhile are queued; discord.js resumes, and the fake replays from the client's sequence
   * number, or from `replayFrom` to send again events the bot already had.
   */
  dropConnection(options: { replayFrom?: number } = {}): void {
    this.replayFrom = options.replayFrom;
    this.live = false;
    this.socket?.close(4000, "fake: connection dropped");
    this.socket = undefined;
  }

  /** Bot messages posted to `channelId`, once there are at least `count` of them. */
  async waitForSent(channelId: string, count: number): Promise<SentMessage[]> {
    const inChannel = () => this.sent.filter((sent) => sent.channelId === channelId);
    await this.waitFor(() => inChannel().length >= count, `${count} message(s) in channel ${channelId}`);
    return inChannel();
  }

  /** Resolves once `condition` holds; fails after 10 s naming what it waited for. */
  async waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`fake Discord: gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  // ---- gateway ----

  private onConnection(socket: WebSocket): void {
    this.socket = socket;
    this.live = false;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } }));
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Json };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) this.identify(socket, payload.d);
      if (payload.op === 6) this.resume(socket, payload.d);
    });
    socket.on("close", () => {
      if (this.socket === socket) this.socket = undefined;
    });
  }

  private identify(socket: WebSocket, d: Json): void {
    if (d.token !== TOKEN) return socket.close(4004, "Authentication failed.");
    const allowed = this.options.allowedIntents;
    if (allowed !== undefined && (Number(d.intents) & ~allowed) !== 0) return socket.close(4014, "Disallowed intent(s).");
    this.gateway.identifies++;
    this.session = { id: `session-${this.id()}`, seq: 0, log: [] };
    this.live = true;
    const resumeUrl = `ws://127.0.0.1:${this.port}`;
    this.dispatch("READY", {
      v: 10,
      user: this.bot,
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: this.session.id,
      resume_gateway_url: resumeUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
    });
    this.dispatch("GUILD_CREATE", this.guild());
  }

  private resume(socket: WebSocket, d: Json): void {
    if (d.token !== TOKEN || d.session_id !== this.session.id) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    this.gateway.resumes++;
    const from = Math.min(this.replayFrom ?? Infinity, Number(d.seq) + 1);
    this.replayFrom = undefined;
    for (const event of this.session.log.filter((logged) => logged.s >= from)) socket.send(JSON.stringify({ op: 0, ...event }));
    this.live = true;
    this.dispatch("RESUMED", {});
  }

  private send(payload: unknown): void {
    if (this.live && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload));
  }

  private guild(): Json {
    const now = new Date().toISOString();
    const botPermissions = SEND_MESSAGES_IN_GUILD | (this.options.manageMessages ? PermissionFlagsBits.ManageMessages : 0n);
    const role = (id: string, name: string, permissions: bigint, extra: Json = {}) => ({
      id,
      name,
      permissions: String(permissions),
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
      ...extra,
    });
    const all = [...this.channelsById.values()].filter((channel) => channel.guild_id === this.guildId);
    return {
      id: this.guildId,
      name: "Topay Community",
      owner_id: this.id(),
      joined_at: now,
      unavailable: false,
      large: false,
      member_count: 2,
      features: [],
      emojis: [],
      stickers: [],
      roles: [
        role(this.guildId, "@everyone", PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ReadMessageHistory),
        role(this.botRoleId, "Topay Bot", botPermissions, { managed: true, tags: { bot_id: this.bot.id } }),
      ],
      channels: all.filter((channel) => channel.type === 0),
      threads: all.filter((channel) => channel.type === 11),
      members: [this.botMember()],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
  }

  private botMember(): Json {
    return { user: this.bot, roles: [this.botRoleId], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
  }

  // ---- users' side ----

  private userMessage(channelId: string, name: string, content: string, extra: Json): Dispatched {
    const channel = this.channel(channelId);
    const author = this.user(name);
    const message = this.message(channel, author, content, extra);
    return { seq: this.dispatch("MESSAGE_CREATE", message), message };
  }

  private message(channel: Channel, author: Json, content: string, extra: Json = {}): ApiMessage {
    const inGuild = channel.guild_id !== undefined;
    const member = { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
    // Like Discord: every user mentioned in the content, with their guild member in a guild.
    const mentions = [this.bot, ...this.users.values()]
      .filter((user) => content.includes(`<@${user.id}>`))
      .map((user) => (inGuild ? { ...user, member: user === this.bot ? this.botMember() : member } : user));
    const message: ApiMessage = {
      id: this.id(),
      channel_id: channel.id,
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      // discord.js drops a first DM without channel_type, even with Partials.Channel.
      channel_type: channel.type,
      ...(inGuild ? { guild_id: channel.guild_id, member } : {}),
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  private interaction(name: string, channelId: string, locale: string, fields: Json): DispatchedInteraction {
    const payload = this.interactionPayload(name, channelId, locale, fields);
    return { seq: this.dispatch("INTERACTION_CREATE", payload), interactionId: payload.id };
  }

  private interactionPayload(name: string, channelId: string, locale: string, fields: Json): Json & { id: string } {
    const channel = this.channel(channelId);
    const user = this.user(name);
    const id = this.id();
    const inGuild = channel.guild_id !== undefined;
    this.interactionChannels.set(id, channel.id);
    return {
      id,
      application_id: this.applicationId,
      token: `interaction-token-${id}`,
      version: 1,
      channel_id: channel.id,
      channel,
      locale,
      app_permissions: String(SEND_MESSAGES_IN_GUILD),
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...(inGuild
        ? {
            guild_id: this.guildId,
            guild_locale: "en-US",
            context: 0,
            authorizing_integration_owners: { "0": this.guildId },
            member: { user, roles: [], permissions: String(SEND_MESSAGES_IN_GUILD), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
          }
        : { user, context: 1, authorizing_integration_owners: { "0": this.guildId } }),
      ...fields,
    };
  }

  // ---- REST ----

  private async serveRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Json;
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const route = `${req.method} ${path.startsWith(GATEWAY_VERSION) ? path.slice(GATEWAY_VERSION.length) : path}`;
    // Interaction callbacks and webhooks carry their own token; everything else needs the bot's.
    const needsBotToken = !/^\S+ \/(interactions|webhooks)\//.test(route);
    if (needsBotToken && req.headers.authorization !== `Bot ${TOKEN}`) {
      this.requests.push({ route, status: 401 });
      return reply(res, 401, { message: "401: Unauthorized", code: 0 });
    }
    const [status, answer] = this.route(route, body);
    this.requests.push({ route, status });
    reply(res, status, answer);
  }

  private route(route: string, body: Json): [number, unknown] {
    let match: RegExpMatchArray | null;
    if (route === "GET /gateway/bot") {
      return [200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
    }
    if ((match = route.match(/^PUT \/applications\/\d+(?:\/guilds\/(\d+))?\/commands$/))) {
      const commands = (body as unknown as Json[]).map((command) => ({ ...command, id: this.id(), application_id: this.applicationId, version: this.id() }));
      this.commandRegistrations.push({ guildId: match[1] ?? null, commands });
      return [200, commands];
    }
    if (route === "POST /users/@me/channels") {
      const user = [...this.users.values()].find((candidate) => candidate.id === body.recipient_id);
      if (!user) return [400, { message: "Invalid Recipient(s)", code: 50033 }];
      this.dmsOpened.push(user.id);
      return [200, this.dmChannelOf(user)];
    }
    if ((match = route.match(/^POST \/channels\/(\d+)\/messages$/))) return this.postMessage(match[1]!, body);
    if ((match = route.match(/^POST \/channels\/(\d+)\/messages\/(\d+)\/threads$/))) return this.openThread(match[1]!, match[2]!, body);
    if ((match = route.match(/^DELETE \/channels\/(\d+)\/messages\/(\d+)$/))) {
      this.deletedMessages.push({ channelId: match[1]!, messageId: match[2]! });
      return [204, undefined];
    }
    if ((match = route.match(/^POST \/interactions\/(\d+)\/[^/]+\/callback$/))) {
      const interactionId = match[1]!;
      if (this.interactionCallbacks.some((callback) => callback.interactionId === interactionId)) {
        return [400, { message: "Interaction has already been acknowledged.", code: 40060 }];
      }
      this.interactionCallbacks.push({ interactionId, type: Number(body.type) });
      return [204, undefined];
    }
    if ((match = route.match(/^(POST|PATCH|DELETE) \/webhooks\/\d+\/interaction-token-(\d+)(\/messages\/@original)?$/))) {
      const interactionId = match[2]!;
      const kind = match[1] === "POST" ? "followup" : match[1] === "PATCH" ? "edit-original" : "delete-original";
      const invalid = kind === "delete-original" ? undefined : invalidBody(body);
      if (invalid) return invalid;
      this.interactionMessages.push({ interactionId, kind, body: body as RESTPostAPIChannelMessageJSONBody });
      if (kind === "delete-original") return [204, undefined];
      const channel = this.channel(this.interactionChannels.get(interactionId) ?? "");
      return [200, this.message(channel, this.bot, String(body.content ?? ""), { components: body.components ?? [] })];
    }
    return [404, { message: "404: Not Found", code: 0 }];
  }

  private postMessage(channelId: string, body: Json): [number, unknown] {
    const invalid = invalidBody(body);
    if (invalid) return invalid;
    if (this.rejectNext !== undefined) {
      const code = this.rejectNext;
      this.rejectNext = undefined;
      return [403, { message: code === 50007 ? "Cannot send messages to this user" : "Missing Permissions", code }];
    }
    const channel = this.channelsById.get(channelId);
    if (!channel) return [404, { message: "Unknown Channel", code: 10003 }];
    const message = this.message(channel, this.bot, String(body.content ?? ""), {
      components: body.components ?? [],
      ...(body.message_reference ? { type: 19, message_reference: body.message_reference } : {}),
    });
    this.sent.push({ channelId, body: body as RESTPostAPIChannelMessageJSONBody, message });
    this.dispatch("MESSAGE_CREATE", message);
    return [200, message];
  }

  private openThread(channelId: string, messageId: string, body: Json): [number, unknown] {
    if (!this.messages.has(messageId)) return [404, { message: "Unknown Message", code: 10008 }];
    if (this.channelsById.has(messageId)) return [400, { message: "A thread has already been created for this message", code: 160004 }];
    const now = new Date().toISOString();
    const thread: Channel = {
      id: messageId,
      type: 11,
      guild_id: this.guildId,
      parent_id: channelId,
      owner_id: this.bot.id,
      name: String(body.name),
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: body.auto_archive_duration ?? 1440, archive_timestamp: now, locked: false, create_timestamp: now },
      member: { id: messageId, user_id: this.bot.id, join_timestamp: now, flags: 0 },
    };
    this.channelsById.set(thread.id, thread);
    this.threads.push({ id: thread.id, parentId: channelId, name: String(body.name) });
    return [201, thread];
  }

  // ---- data ----

  private id(): string {
    return String(this.nextId++);
  }

  private addChannel(name: string): string {
    const id = this.id();
    this.channelsById.set(id, { id, type: 0, guild_id: this.guildId, name, position: this.channelsById.size, permission_overwrites: [], parent_id: null });
    return id;
  }

  private channel(id: string): Channel {
    const channel = this.channelsById.get(id);
    if (!channel) throw new Error(`fake Discord: no channel ${id}`);
    return channel;
  }

  private dmChannelOf(user: Json & { id: string }): Channel {
    const existing = [...this.channelsById.values()].find((channel) => channel.type === 1 && (channel.recipients as Json[])[0]?.id === user.id);
    if (existing) return existing;
    const channel: Channel = { id: this.id(), type: 1, recipients: [user], last_message_id: null, flags: 0 };
    this.channelsById.set(channel.id, channel);
    return channel;
  }
}

/** Discord's own checks on a message body: at most 2000 characters, and something to show. */
function invalidBody(body: Json): [number, unknown] | undefined {
  const content = typeof body.content === "string" ? body.content : "";
  const components = Array.isArray(body.components) ? body.components : [];
  if (content.length > 2000) {
    return [400, { message: "Invalid Form Body", code: 50035, errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }] } } }];
  }
  if (content === "" && components.length === 0) return [400, { message: "Cannot send an empty message", code: 50006 }];
  if (components.length > 5) return [400, { message: "Invalid Form Body", code: 50035 }];
  return undefined;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}
