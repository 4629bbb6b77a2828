import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  Options,
  Partials,
  Routes,
  ThreadAutoArchiveDuration,
  type User,
} from "discord.js";
import type { Adapter, AdapterHost } from "../../src/adapter.js";
import type { ConversationRef, OutboundMessage } from "../../src/conversation/model.js";
import { detectLanguage } from "../../src/engine/language.js";
import { TEXT } from "../../src/texts.js";
import { commandAction, registerCommands } from "./commands.js";
import { isThreadAlreadyCreated, isUnreachable, loggable, loginError, unreachableError } from "./errors.js";
import { guardGateway } from "./gateway-guard.js";
import { contentOf, interactionToInbound, messageToInbound, type Place, placeOf, type ReadContext } from "./inbound.js";
import { type MessageBody, renderMessage } from "./outbound.js";

export interface DiscordAdapterOptions {
  /** DISCORD_BOT_TOKEN. */
  token: string;
  /** DISCORD_API_BASE: the REST base (`https://discord.com/api`); the gateway URL comes from its `GET /gateway/bot`. */
  apiBase: string;
  /** DISCORD_SUPPORT_CHANNELS: channel ids where every message is for the bot. */
  supportChannels: readonly string[];
  /** DISCORD_GUILD_ID: register the slash commands in this guild only, where they appear at once. */
  guildId?: string;
  /** DISCORD_REPLY_MODE: answer a channel message in a thread opened on it, or with a plain reply. */
  replyMode: "thread" | "reply";
}

/** Where the answers to one message go, and the conversation they belong to. */
interface Target {
  ref: ConversationRef;
  post: (body: MessageBody) => Promise<unknown>;
  /** Notify this user with the first answer (they are not in the new thread yet). */
  mentionUserId?: string;
}

/** Discord accepts 1-100 characters for a thread name. */
const MAX_THREAD_NAME_CHARS = 100;

/**
 * Discord through discord.js: DMs, guild messages addressed to the bot (answered in a thread or
 * with a reply), buttons and the /help and /human slash commands, all fed to the pipeline.
 */
export class DiscordAdapter implements Adapter {
  readonly platform = "discord" as const;
  connected = false;
  private client: Client<true> | undefined;
  private host: AdapterHost | undefined;
  private context: ReadContext | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DiscordAdapterOptions) {}

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
      // The first DM from a user arrives in a channel discord.js has not cached; without this it is dropped.
      partials: [Partials.Channel],
      rest: { api: this.options.apiBase.replace(/\/+$/, "") },
      // The bot reads each message once. Caching none saves memory in busy servers, and a replayed
      // message then reaches the pipeline's de-duplication instead of vanishing in this cache.
      makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
      // discord.js keeps every user it meets (~5 KB each); hourly, forget the humans, so memory
      // follows how many people write now, not how many ever wrote.
      sweepers: { ...Options.DefaultSweeperSettings, users: { interval: 3_600, filter: () => (user) => !user.bot } },
      allowedMentions: { parse: [] },
    });
    let closeCode: number | undefined;
    client.on(Events.ShardDisconnect, (event) => {
      closeCode = event.code;
      this.connected = false;
      // During the login the failure is thrown instead (loginError), so it is reported once.
      if (this.client) host.log.error({ code: event.code }, "discord gateway closed for good");
    });
    client.on(Events.ShardReconnecting, () => {
      this.connected = false;
      if (!this.stopping) host.log.warn("discord gateway connection lost; resuming");
    });
    client.on(Events.ShardResume, (_shard, replayed) => {
      this.connected = true;
      host.log.info({ replayed }, "discord gateway session resumed");
    });
    client.on(Events.Error, (error) => host.log.error({ err: loggable(error) }, "discord client error"));
    guardGateway(client, host.log);
    client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message)));
    client.on(Events.InteractionCreate, (interaction) => this.track(this.onInteraction(interaction)));

    // Set in the listener itself: messages queued during the login are emitted right after it.
    const ready = new Promise<Client<true>>((resolve) =>
      client.once(Events.ClientReady, (readyClient) => {
        this.client = readyClient;
        this.context = { botId: readyClient.user.id, supportChannels: new Set(this.options.supportChannels) };
        resolve(readyClient);
      }),
    );
    let readyClient: Client<true>;
    try {
      await client.login(this.options.token);
      readyClient = await ready;
    } catch (error) {
      await client.destroy();
      throw loginError(error, closeCode);
    }
    try {
      await registerCommands(client.rest, readyClient.application.id, this.options.guildId);
    } catch (error) {
      host.log.error({ err: loggable(error) }, "could not register /help and /human (invite the bot with the applications.commands scope)");
    }
    this.connected = true;
    host.log.info({ bot: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, "discord connected");
  }

  /** Lets the messages being answered finish, then closes the gateway connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.connected = false;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.client?.destroy();
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    try {
      await this.sendTo(ref.threadId ?? ref.chatId, message);
    } catch (error) {
      throw isUnreachable(error) ? unreachableError(error) : error;
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private running(): { client: Client<true>; host: AdapterHost; context: ReadContext } {
    if (!this.client || !this.host || !this.context) throw new Error("the Discord adapter is not started");
    return { client: this.client, host: this.host, context: this.context };
  }

  private async onMessage(message: Message): Promise<void> {
    const { client, host, context } = this.running();
    try {
      const place = placeOf(message, context);
      if (!place) return;
      const target = await this.targetFor(message, place);
      const result = await host.handle(messageToInbound(message, target.ref, client.user.id));
      if (result.deleteInbound) {
        await message.delete().catch((error: unknown) => host.log.warn({ err: loggable(error), messageId: message.id }, "could not delete a message"));
      }
      await this.deliver(result.replies, target, message.author);
    } catch (error) {
      host.log.error({ err: loggable(error), messageId: message.id }, "could not answer a discord message");
    }
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!(interaction.isButton() || interaction.isChatInputCommand())) return;
    const { host } = this.running();
    const action = interaction.isButton() ? interaction.customId : commandAction(interaction.commandName);
    if (action === undefined || interaction.channelId === null) return;
    try {
      // Discord fails an interaction not acknowledged within 3 s: acknowledge now, answer with follow-ups.
      if (interaction.isButton()) await interaction.deferUpdate();
      else await interaction.deferReply();
    } catch (error) {
      host.log.warn({ err: loggable(error), interactionId: interaction.id }, "could not acknowledge an interaction (replayed or expired)");
      return;
    }
    try {
      const inbound = interactionToInbound(interaction, interaction.channelId, action);
      const { replies } = await host.handle(inbound);
      await this.deliver(replies, { ref: inbound.ref, post: this.interactionAnswers(interaction) }, interaction.user);
      if (interaction.isChatInputCommand() && replies.length === 0) await interaction.deleteReply();
    } catch (error) {
      host.log.error({ err: loggable(error), interactionId: interaction.id }, "could not answer a discord interaction");
    }
  }

  /** A DM, a thread, or (thread mode) a thread opened on the message; a plain reply when no thread can be had. */
  private async targetFor(message: Message, place: Place): Promise<Target> {
    if (place.kind === "dm") return { ref: { platform: "discord", chatId: place.chatId, kind: "dm" }, post: this.poster(place.chatId) };
    if (place.kind === "thread") {
      return { ref: { platform: "discord", chatId: place.chatId, threadId: place.threadId, kind: "comment" }, post: this.poster(place.threadId) };
    }
    const threadId = this.options.replyMode === "thread" ? await this.openThread(message) : undefined;
    if (threadId) {
      return {
        ref: { platform: "discord", chatId: place.chatId, threadId, kind: "comment" },
        post: this.poster(threadId),
        mentionUserId: message.author.id,
      };
    }
    let first = true;
    const post = this.poster(place.chatId);
    return {
      ref: { platform: "discord", chatId: place.chatId, kind: "comment" },
      post: (body) => {
        const reference = first ? { message_reference: { message_id: message.id, fail_if_not_exists: false } } : {};
        first = false;
        return post({ ...body, ...reference });
      },
    };
  }

  /**
   * Opens the thread before the pipeline runs, so the conversation records where it lives and an
   * agent's later answer lands there. Discord gives the thread the message's id.
   */
  private async openThread(message: Message): Promise<string | undefined> {
    const { host } = this.running();
    const displayName = message.member?.displayName ?? message.author.displayName;
    const name = Array.from(`${TEXT.supportThread[detectLanguage(contentOf(message))]} · ${displayName}`).slice(0, MAX_THREAD_NAME_CHARS).join("");
    try {
      return (await message.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay })).id;
    } catch (error) {
      if (isThreadAlreadyCreated(error)) return message.id;
      host.log.warn({ err: loggable(error), channelId: message.channelId }, "could not open a thread; answering with a reply (grant Create Public Threads)");
      return undefined;
    }
  }

  private async deliver(replies: OutboundMessage[], target: Target, user: User): Promise<void> {
    const { host } = this.running();
    let mentionUserId = target.mentionUserId;
    try {
      for (const reply of replies) {
        const message = target.ref.kind === "comment" ? await this.withPrivateNote(reply, user) : reply;
        for (const body of renderMessage(message, { mentionUserId })) await target.post(body);
        mentionUserId = undefined;
      }
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      await host.unreachable(target.ref, user.id);
    }
  }

  /**
   * A public answer that moves to private. The bot opens a DM, introduces it, and hands the
   * invitation's token to the pipeline there, as Telegram's /start <token> deep link does: the
   * private answer, or the handoff a public /human asked for, follows in the DM. The public answer
   * says where to look, or that the user's privacy settings refused the DM.
   */
  private async withPrivateNote(reply: OutboundMessage, user: User): Promise<OutboundMessage> {
    if (!reply.continueInPrivate) return reply;
    const { host } = this.running();
    const language = detectLanguage(reply.text);
    try {
      const dm = await user.createDM();
      await this.sendTo(dm.id, { text: `${TEXT.continueHere.zh}\n${TEXT.continueHere.en}`, buttons: [] });
      const { replies } = await host.handle({
        // The token is single-use: as the message id it also makes a replayed invitation a duplicate.
        messageId: `invite-${reply.continueInPrivate.token}`,
        ref: { platform: "discord", chatId: dm.id, kind: "dm" },
        // The DM is a new conversation with no words yet: it continues in the public answer's language.
        author: { id: user.id, displayName: user.displayName, languageHint: language },
        text: "",
        startPayload: reply.continueInPrivate.token,
        receivedAt: Date.now(),
      });
      for (const privateReply of replies) await this.sendTo(dm.id, privateReply);
      return { ...reply, text: `${reply.text}\n\n${TEXT.continuedInDm[language]}` };
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      return { ...reply, text: `${reply.text}\n\n${TEXT.dmClosed[language]}` };
    }
  }

  /** A slash command's first answer replaces its "thinking…" placeholder; everything else is a follow-up. */
  private interactionAnswers(interaction: ButtonInteraction | ChatInputCommandInteraction): Target["post"] {
    const { client } = this.running();
    let editPlaceholder = interaction.isChatInputCommand();
    return (body) => {
      const route = editPlaceholder
        ? Routes.webhookMessage(interaction.applicationId, interaction.token, "@original")
        : Routes.webhook(interaction.applicationId, interaction.token);
      const request = editPlaceholder ? client.rest.patch(route, { body, auth: false }) : client.rest.post(route, { body, auth: false });
      editPlaceholder = false;
      return request;
    };
  }

  private poster(channelId: string): Target["post"] {
    return (body) => this.running().client.rest.post(Routes.channelMessages(channelId), { body });
  }

  private async sendTo(channelId: string, message: OutboundMessage): Promise<void> {
    const post = this.poster(channelId);
    for (const body of renderMessage(message)) await post(body);
  }
}
