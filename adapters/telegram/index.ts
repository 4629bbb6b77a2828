import type { Bot } from "grammy";
import type { Adapter, AdapterHost } from "../../src/adapter.js";
import type { ConversationRef, OutboundMessage } from "../../src/conversation/model.js";
import { createBot, deadline } from "./client.js";
import { DeleteRights } from "./delete-rights.js";
import { errorFields, startError, toSendError } from "./errors.js";
import { sendOutbound } from "./outbound.js";
import { handleUpdate } from "./update.js";
import { webhookHandler } from "./webhook.js";

export interface TelegramAdapterConfig {
  /** TELEGRAM_BOT_TOKEN, from @BotFather. */
  token: string;
  /** TELEGRAM_API_ROOT: another Bot API server (self-hosted, or a test fake); api.telegram.org when absent. */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: webhook mode when set, long polling otherwise. */
  webhook?: { url: string; secret: string };
}

const DEFAULT_API_ROOT = "https://api.telegram.org";
/** Start-up gives up when the Bot API does not answer getMe within this: a wrong TELEGRAM_API_ROOT should fail, not hang. */
const START_DEADLINE_MS = 30_000;
/**
 * The updates the bot asks for. Edited messages are left out on purpose: the bot answered the
 * original, and answering again after every typo fix would repeat itself (README, Telegram).
 * my_chat_member tells when the bot is promoted or demoted in a group.
 */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

/** Telegram: private chats, group mentions and channel-post comments, over long polling or a webhook. */
export class TelegramAdapter implements Adapter {
  readonly platform = "telegram" as const;
  connected = false;
  private readonly bot: Bot;
  private polling: Promise<void> | undefined;
  private accepting = false;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly config: TelegramAdapterConfig) {
    this.bot = createBot(config.token, config.apiRoot);
  }

  async start(host: AdapterHost): Promise<void> {
    await this.bot.init(deadline(START_DEADLINE_MS)).catch((error: unknown) => {
      throw startError(error, this.config.apiRoot ?? DEFAULT_API_ROOT);
    });
    const rights = new DeleteRights(this.bot.api, this.bot.botInfo.id, host.log);
    if (this.config.webhook) {
      // Not grammY's webhookCallback: it answers 500 to a body it cannot parse, and Telegram would post that body forever.
      const deps = { host, rights, api: this.bot.api, me: this.bot.botInfo };
      await this.startWebhook(host, this.config.webhook, (raw) => this.track(handleUpdate(raw, deps)));
    } else {
      this.bot.use((ctx) => handleUpdate(ctx.update, { host, rights, api: ctx.api, me: ctx.me }));
      await this.startPolling(host);
    }
    host.log.info({ username: this.bot.botInfo.username, mode: this.config.webhook ? "webhook" : "polling" }, "telegram connected");
  }

  async stop(): Promise<void> {
    this.accepting = false;
    if (this.polling) {
      await this.bot.stop().catch(() => undefined);
      await this.polling;
    }
    await Promise.allSettled(this.inflight);
    this.connected = false;
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    const to = { chatId: ref.chatId, ...(ref.threadId === undefined ? {} : { threadId: Number(ref.threadId) }) };
    await sendOutbound(this.bot.api, to, message, this.bot.botInfo.username).catch((error: unknown) => {
      throw toSendError(error);
    });
  }

  private startPolling(host: AdapterHost): Promise<void> {
    // Without a handler grammY logs the error and stops polling: one failing chat would stop the bot.
    this.bot.catch((error) => host.log.error(errorFields(error), "telegram update failed"));
    return new Promise((resolve, reject) => {
      const onStart = () => {
        this.connected = true;
        resolve();
      };
      this.polling = this.bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart }).then(
        () => {
          this.connected = false;
        },
        (error: unknown) => {
          // 401 (token revoked) or 409 (another instance polls, or a webhook is set): polling ended.
          if (this.connected) host.log.error(errorFields(error), "telegram polling stopped");
          this.connected = false;
          reject(startError(error, this.config.apiRoot ?? DEFAULT_API_ROOT));
        },
      );
    });
  }

  private async startWebhook(host: AdapterHost, webhook: { url: string; secret: string }, handle: (raw: unknown) => Promise<void>): Promise<void> {
    host.http.route("POST", new URL(webhook.url).pathname, webhookHandler({ secret: webhook.secret, accepting: () => this.accepting, handle, log: host.log }));
    this.accepting = true;
    await this.bot.api
      .setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] })
      .catch((error: unknown) => {
        this.accepting = false;
        throw startError(error, this.config.apiRoot ?? DEFAULT_API_ROOT);
      });
    this.connected = true;
  }

  /** stop() waits for the updates being handled. */
  private async track(work: Promise<void>): Promise<void> {
    this.inflight.add(work);
    try {
      await work;
    } finally {
      this.inflight.delete(work);
    }
  }
}
