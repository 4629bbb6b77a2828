import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramStartError } from "../../adapters/telegram/errors.js";
import { TelegramAdapter } from "../../adapters/telegram/index.js";
import type { AdapterHost } from "../../src/adapter.js";
import type { ConversationRef, HandleResult, InboundMessageInput, OutboundMessageInput } from "../../src/conversation/model.js";
import { outboundMessageSchema } from "../../src/conversation/model.js";
import { RecipientUnreachableError } from "../../src/errors.js";
import { HttpServer } from "../../src/http/server.js";
import { TEXT } from "../../src/texts.js";
import { BLOCKED_BY_USER, FAKE_BOT_ADMIN, FAKE_TOKEN, FAKE_WEBHOOK, type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";
import { telegramUpdate } from "../support/telegram-updates.js";

const log = pino({ level: "silent" });
const ALICE = "111111111";
const WANG = "222222222";
const GROUP = "-1001111111111";

/**
 * The adapter alone, between the real grammY and the fake Bot API, with a scripted pipeline: for
 * what the engine never says (special characters, 10000 characters, deletions) and for Adapter.send.
 */
describe.each(["polling", "webhook"] as const)("telegram adapter (%s)", (mode) => {
  let tg: FakeTelegram;
  let http: HttpServer;
  let adapter: TelegramAdapter;
  let inputs: InboundMessageInput[];
  let unreachable: { ref: ConversationRef; userId: string }[];
  let respond: (input: InboundMessageInput) => HandleResult;

  const says = (...replies: OutboundMessageInput[]) => () => ({ replies: replies.map((reply) => outboundMessageSchema.parse(reply)), deleteInbound: false });

  beforeEach(async () => {
    tg = await startFakeTelegram();
    http = new HttpServer(log);
    const port = await http.listen(0, "127.0.0.1");
    inputs = [];
    unreachable = [];
    respond = says({ text: "ok" });
    const host: AdapterHost = {
      handle: async (input) => {
        inputs.push(input);
        return respond(input);
      },
      unreachable: async (ref, userId) => {
        unreachable.push({ ref, userId });
      },
      http,
      log,
    };
    adapter = new TelegramAdapter({ token: FAKE_TOKEN, apiRoot: tg.apiRoot, ...(mode === "webhook" ? { webhook: FAKE_WEBHOOK } : {}) });
    await adapter.start(host);
    tg.forwardWebhookTo(port);
  });
  afterEach(async () => {
    await adapter.stop();
    await http.close();
    await tg.close();
  });

  it("shows every HTML special character, MarkdownV2 character and Chinese exactly as written", async () => {
    const text = `<script>alert("x")</script> & &amp; a<b c>d _*[]()~\`#+-=|{}.!\\ 'single' 100%\n退款还没到账?请在「我的订单」查看 <订单号> & 金额 ¥100。😡`;
    respond = says({ text });
    await tg.deliver(telegramUpdate("private-text"));
    expect(tg.sent(ALICE).map((message) => message.text)).toEqual([text]);
  });

  it("splits a 10000-character answer into messages Telegram accepts, buttons under the last", async () => {
    const text = Array.from({ length: 40 }, (_, n) => `${n + 1}. ${"退款 & refund <steps>. ".repeat(12).trim()}`).join("\n\n");
    expect(text.length).toBeGreaterThan(10_000);
    respond = says({ text, buttons: [{ id: "handoff", label: TEXT.talkToPerson.en }] });
    await tg.deliver(telegramUpdate("private-text"));
    expect(tg.callsOf("sendMessage").every((call) => call.status === 200)).toBe(true);
    const parts = tg.sent(ALICE);
    expect(parts.length).toBe(3);
    expect(parts.map((part) => part.text).join("\n\n")).toBe(text);
    expect(parts.map((part) => part.keyboard.flat().length)).toEqual([0, 0, 1]);
  });

  it("sends an agent's message into a comment thread, marked as written by a person", async () => {
    await adapter.send({ platform: "telegram", chatId: "-1003333333333", threadId: "900", kind: "comment" }, outboundMessageSchema.parse({ text: "Your refund was approved.", fromAgent: "Lily" }));
    expect(tg.sent("-1003333333333")).toEqual([expect.objectContaining({ threadId: 900, text: `👤 ${TEXT.fromAgent.en} Lily\nYour refund was approved.` })]);
  });

  it("throws RecipientUnreachableError from send when the user blocked the bot, trying once", async () => {
    tg.failNext("sendMessage", BLOCKED_BY_USER);
    const sending = adapter.send({ platform: "telegram", chatId: ALICE, kind: "dm" }, outboundMessageSchema.parse({ text: "hello" }));
    await expect(sending).rejects.toThrow(RecipientUnreachableError);
    expect(tg.callsOf("sendMessage").length).toBe(1);
  });

  it("reports a user who blocked the bot to the host as unreachable", async () => {
    tg.failNext("sendMessage", BLOCKED_BY_USER);
    await tg.deliver(telegramUpdate("private-text"));
    expect(unreachable).toEqual([{ ref: { platform: "telegram", chatId: ALICE, kind: "dm" }, userId: ALICE }]);
  });

  it("deletes a group message when the pipeline asks and the bot is an admin, and still answers", async () => {
    tg.setBotMember(GROUP, FAKE_BOT_ADMIN);
    respond = (input) => ({ replies: [outboundMessageSchema.parse({ text: "Please never share a code." })], deleteInbound: input.botCanDelete === true });
    await tg.deliver(telegramUpdate("group-mention"));
    expect(tg.callsOf("deleteMessage").map((call) => call.params)).toEqual([{ chat_id: Number(GROUP), message_id: 20 }]);
    expect(tg.callsOf("sendMessage")[0]?.params.reply_parameters).toEqual({ message_id: 20, allow_sending_without_reply: true });
    expect(tg.sent(GROUP).length).toBe(1);
  });

  it("tells the pipeline it cannot delete where it is no admin, and in private chats", async () => {
    await tg.deliver(telegramUpdate("group-mention"));
    await tg.deliver(telegramUpdate("private-text"));
    expect(inputs.map((input) => input.botCanDelete)).toEqual([false, false]);
    expect(tg.callsOf("getChatMember").length).toBe(1);
  });

  it("learns its new rights from a promotion without asking Telegram", async () => {
    await tg.deliver(telegramUpdate("my-chat-member-admin"));
    await tg.deliver(telegramUpdate("group-mention"));
    expect(inputs.map((input) => input.botCanDelete)).toEqual([true]);
    expect(tg.callsOf("getChatMember")).toEqual([]);
  });

  it("keeps serving other chats when one update fails, and answers the click anyway", async () => {
    respond = (input) => {
      if (input.author.id === ALICE) throw new Error("pipeline down for this one");
      return says({ text: "ok" })();
    };
    const failed = await tg.deliver(telegramUpdate("callback-query"));
    expect(failed.status).toBe(mode === "webhook" ? 500 : 200);
    expect(tg.callsOf("answerCallbackQuery").length).toBe(1);
    await tg.deliver(telegramUpdate("private-text-zh"));
    expect(tg.sent(WANG).map((message) => message.text)).toEqual(["ok"]);
  });
});

describe("telegram adapter on its own", () => {
  it("retries a call Telegram answered with a 5xx, after a pause, and delivers once", async () => {
    const tg = await startFakeTelegram();
    const http = new HttpServer(log);
    const adapter = new TelegramAdapter({ token: FAKE_TOKEN, apiRoot: tg.apiRoot });
    await adapter.start({ handle: async () => ({ replies: [], deleteInbound: false }), unreachable: async () => undefined, http, log });
    tg.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await adapter.send({ platform: "telegram", chatId: ALICE, kind: "dm" }, outboundMessageSchema.parse({ text: "hello" }));
    const [failed, retried] = tg.callsOf("sendMessage");
    expect([failed?.status, retried?.status]).toEqual([502, 200]);
    // auto-retry's first backoff is 3 s: a Bot API in trouble is not hammered.
    expect((retried?.at ?? 0) - (failed?.at ?? 0)).toBeGreaterThanOrEqual(2990);
    expect(tg.sent(ALICE).map((message) => message.text)).toEqual(["hello"]);
    await adapter.stop();
    await tg.close();
  });


  it("refuses to start with a token the Bot API does not know, naming the variable", async () => {
    const tg = await startFakeTelegram();
    const http = new HttpServer(log);
    const adapter = new TelegramAdapter({ token: "123:not-the-token", apiRoot: tg.apiRoot });
    const starting = adapter.start({ handle: async () => ({ replies: [], deleteInbound: false }), unreachable: async () => undefined, http, log });
    await expect(starting).rejects.toThrow(TelegramStartError);
    await expect(starting).rejects.toThrow(/TELEGRAM_BOT_TOKEN was refused by the Bot API \(401: Unauthorized\)/);
    await tg.close();
  });
});
