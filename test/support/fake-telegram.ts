import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatMember, InlineKeyboardButton, Update, UserFromGetMe } from "grammy/types";
import { HtmlParseError, plainTextOfHtml } from "./telegram-html.js";

/**
 * A local Bot API server on 127.0.0.1: the real grammY talks to it through TELEGRAM_API_ROOT,
 * in the wire format of https://core.telegram.org/bots/api. Shared by every test that needs a
 * Telegram user; updates to send come from test/fixtures/telegram/ via telegramUpdate().
 *
 *   const tg = await startFakeTelegram();
 *   const bot = await startTestBot(tg.env());               // or tg.env({ webhook: true }), then:
 *   tg.forwardWebhookTo(bot.port);                           //   webhook mode only
 *   await tg.deliver(telegramUpdate("private-text"));        // resolves once the bot has handled it
 *   tg.sent("111111111");                                    // what that chat got, as its user reads it
 *   await tg.waitForCalls("sendMessage", 1);                 // a message sent outside an update (an agent's reply)
 *   tg.failNext("sendMessage", BLOCKED_BY_USER);             // or TOO_MANY_REQUESTS, or any ApiFailure
 *   tg.setBotMember("-1001111111111", FAKE_BOT_ADMIN);       // the bot may delete messages there
 *   await bot.stop(); await tg.close();                      // the bot first, then the fake
 */

export const FAKE_TOKEN = "7000000001:AAHfakeTokenForTests-0123456789abcdef";

export const FAKE_BOT: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: "Topay Support",
  username: "topay_support_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** The bot as an administrator that may delete messages: `setBotMember(chatId, FAKE_BOT_ADMIN)`. */
export const FAKE_BOT_ADMIN: ChatMember = {
  status: "administrator",
  user: FAKE_BOT,
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: false,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_send_welcome_messages: false,
};

/** The public webhook URL and secret `env({ webhook: true })` configures. */
export const FAKE_WEBHOOK = { url: "https://bot.topay.example/telegram/webhook", secret: "fake-webhook_secret-1" };

/** An error answer, as Telegram sends it (the HTTP status equals error_code). */
export interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const TOO_MANY_REQUESTS: ApiFailure = { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
export const BLOCKED_BY_USER: ApiFailure = { error_code: 403, description: "Forbidden: bot was blocked by the user" };

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status the fake answered with; undefined while a long poll is held. */
  status?: number;
  /** When the request arrived (ms). */
  at: number;
}

/** A message the bot sent, as its user reads it. */
export interface SentMessage {
  chatId: string;
  messageId: number;
  /** The text after HTML parsing: exactly what the user sees. */
  text: string;
  threadId?: number;
  replyTo?: number;
  /** Inline keyboard rows; empty when the message has none. */
  keyboard: InlineKeyboardButton[][];
}

/** Telegram refuses a text longer than this after entity parsing. */
const MAX_TEXT_CHARS = 4096;

/** What setWebhook registered. */
export interface RegisteredWebhook {
  url: string;
  secret?: string;
  allowedUpdates?: string[];
}

interface Pending {
  update: Update;
  served: boolean;
  handled: () => void;
}

/** A long poll waiting for an update. */
interface HeldPoll {
  wake: () => void;
  end: () => void;
}

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  private readonly messages: SentMessage[] = [];
  private readonly pending: Pending[] = [];
  private readonly held = new Set<HeldPoll>();
  private readonly failures = new Map<string, ApiFailure[]>();
  private readonly members = new Map<string, ChatMember>();
  private readonly callWaiters = new Set<() => void>();
  private webhook: RegisteredWebhook | undefined;
  private webhookOrigin: string | undefined;
  private nextMessageId = 1000;

  constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  /** Environment for loadConfig: polling, or webhook mode with FAKE_WEBHOOK. */
  env(options: { webhook?: boolean } = {}): Record<string, string> {
    return {
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: this.apiRoot,
      ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: FAKE_WEBHOOK.url, TELEGRAM_WEBHOOK_SECRET: FAKE_WEBHOOK.secret } : {}),
    };
  }

  /** Webhook updates go to this local port instead of the public URL's host, like a reverse proxy would. */
  forwardWebhookTo(port: number): void {
    this.webhookOrigin = `http://127.0.0.1:${port}`;
  }

  /** The webhook the bot registered (setWebhook), if any. */
  get registeredWebhook(): RegisteredWebhook | undefined {
    return this.webhook;
  }

  /**
   * Hands an update to the bot the way Telegram would: POSTed to the registered webhook (with its
   * secret unless `secret` says otherwise; null sends no header), else served to getUpdates.
   * Resolves once the bot has handled it: the webhook answered, or the bot confirmed it by
   * asking for a later offset.
   */
  async deliver(update: Update, options: { secret?: string | null } = {}): Promise<{ status: number }> {
    if (this.webhook) return this.post(update, options.secret === undefined ? this.webhook.secret : options.secret);
    await new Promise<void>((handled) => {
      this.pending.push({ update, served: false, handled });
      this.pending.sort((a, b) => a.update.update_id - b.update.update_id);
      for (const poll of [...this.held]) poll.wake();
    });
    return { status: 200 };
  }

  private async post(update: Update, secret: string | null | undefined): Promise<{ status: number }> {
    const target = new URL(this.webhook?.url ?? "");
    const url = this.webhookOrigin ? `${this.webhookOrigin}${target.pathname}` : target.href;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return { status: response.status };
  }

  /** Messages the bot sent successfully, oldest first; only those to `chatId` when given. */
  sent(chatId?: string | number): SentMessage[] {
    return this.messages.filter((message) => chatId === undefined || message.chatId === String(chatId));
  }

  /** The calls of one method, in the order they arrived. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves once `count` calls of `method` have been answered. */
  waitForCalls(method: string, count: number): Promise<ApiCall[]> {
    return new Promise((resolve) => {
      const check = () => {
        const answered = this.callsOf(method).filter((call) => call.status !== undefined);
        if (answered.length < count) return;
        this.callWaiters.delete(check);
        resolve(answered);
      };
      this.callWaiters.add(check);
      check();
    });
  }

  /** The next call of `method` gets this error instead of its answer. */
  failNext(method: string, failure: ApiFailure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** What getChatMember answers for the bot in `chatId` (a plain member otherwise). */
  setBotMember(chatId: string | number, member: ChatMember): void {
    this.members.set(String(chatId), member);
  }

  async close(): Promise<void> {
    for (const poll of [...this.held]) poll.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Entry point of every Bot API request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? "/", "http://fake").pathname);
    const body = await readJson(req);
    const call: ApiCall = { method: match?.[2] ?? "", params: body, at: Date.now() };
    const method = call.method;
    this.calls.push(call);
    const reply = (status: number, payload: unknown) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
      for (const waiter of [...this.callWaiters]) waiter();
    };
    const fail = (failure: ApiFailure) => reply(failure.error_code, { ok: false, ...failure });
    if (!match) return fail({ error_code: 404, description: "Not Found" });
    if (match[1] !== FAKE_TOKEN) return fail({ error_code: 401, description: "Unauthorized" });
    const failure = this.failures.get(method)?.shift();
    if (failure) return fail(failure);
    if (method === "getUpdates") {
      if (this.webhook) return fail({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      return this.poll(body, res, (updates) => reply(200, { ok: true, result: updates }));
    }
    const result = this.answer(method, body);
    if ("error_code" in result) return fail(result);
    reply(200, { ok: true, result: result.value });
  }

  private answer(method: string, params: Record<string, unknown>): ApiFailure | { value: unknown } {
    switch (method) {
      case "getMe":
        return { value: FAKE_BOT };
      case "setWebhook":
        this.webhook = { url: String(params.url), secret: params.secret_token as string | undefined, allowedUpdates: params.allowed_updates as string[] | undefined };
        return { value: true };
      case "deleteWebhook":
        this.webhook = undefined;
        return { value: true };
      case "answerCallbackQuery":
      case "deleteMessage":
        return { value: true };
      case "getChatMember":
        return { value: this.members.get(String(params.chat_id)) ?? { status: "member", user: FAKE_BOT } };
      case "sendMessage":
        return this.sendMessage(params);
      default:
        return { error_code: 404, description: "Not Found" };
    }
  }

  /** sendMessage with Telegram's checks: parse mode, length, callback data size. */
  private sendMessage(params: Record<string, unknown>): ApiFailure | { value: unknown } {
    let text = String(params.text ?? "");
    if (params.parse_mode === "HTML") {
      try {
        text = plainTextOfHtml(text);
      } catch (error) {
        if (error instanceof HtmlParseError) return { error_code: 400, description: `Bad Request: ${error.message}` };
        throw error;
      }
    }
    if (text.trim() === "") return { error_code: 400, description: "Bad Request: message text is empty" };
    if (text.length > MAX_TEXT_CHARS) return { error_code: 400, description: "Bad Request: message is too long" };
    const keyboard = ((params.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard ?? []);
    const badData = keyboard.flat().some((button) => "callback_data" in button && (button.callback_data === "" || Buffer.byteLength(button.callback_data) > 64));
    if (badData) return { error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" };
    const chatId = String(params.chat_id);
    const threadId = params.message_thread_id as number | undefined;
    const replyTo = (params.reply_parameters as { message_id?: number } | undefined)?.message_id;
    const sent: SentMessage = { chatId, messageId: ++this.nextMessageId, text, keyboard, ...(threadId === undefined ? {} : { threadId }), ...(replyTo === undefined ? {} : { replyTo }) };
    this.messages.push(sent);
    return {
      value: {
        message_id: sent.messageId,
        from: FAKE_BOT,
        chat: { id: Number(chatId), type: chatId.startsWith("-100") ? "supergroup" : chatId.startsWith("-") ? "group" : "private" },
        date: Math.floor(Date.now() / 1000),
        text,
        ...(threadId === undefined ? {} : { message_thread_id: threadId }),
        ...(keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      },
    };
  }

  /** getUpdates: confirms what is below `offset`, answers at once when updates wait, else holds the long poll. */
  private poll(params: Record<string, unknown>, res: ServerResponse, respond: (updates: Update[]) => void): void {
    const offset = typeof params.offset === "number" ? params.offset : 0;
    const limit = typeof params.limit === "number" ? params.limit : 100;
    const timeoutSeconds = typeof params.timeout === "number" ? params.timeout : 0;
    for (const entry of this.pending.filter((candidate) => candidate.served && candidate.update.update_id < offset)) {
      this.pending.splice(this.pending.indexOf(entry), 1);
      entry.handled();
    }
    const ready = () => this.pending.filter((entry) => entry.update.update_id >= offset).slice(0, limit);
    const serve = (entries: Pending[]) => entries.map((entry) => ((entry.served = true), entry.update));
    if (ready().length > 0 || timeoutSeconds <= 0) return respond(serve(ready()));
    let done = false;
    const finish = (updates: Update[] | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.held.delete(held);
      if (updates) respond(updates);
    };
    const held: HeldPoll = {
      wake: () => {
        if (ready().length > 0) finish(serve(ready()));
      },
      end: () => finish([]),
    };
    const timer = setTimeout(() => finish([]), timeoutSeconds * 1000);
    this.held.add(held);
    // grammY aborts the long poll on stop(): forget it without answering.
    res.once("close", () => finish(undefined));
  }
}

/** Starts a fake Bot API on a free port of 127.0.0.1. */
export async function startFakeTelegram(): Promise<FakeTelegram> {
  let fake: FakeTelegram | undefined;
  const server = createServer((req, res) => {
    fake?.handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake = new FakeTelegram(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return fake;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
}
