import pino, { type Logger } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DiscordAdapter } from "../../adapters/discord/index.js";
import type { AdapterHost } from "../../src/adapter.js";
import type { ConversationRef, HandleResult, InboundMessageInput } from "../../src/conversation/model.js";
import { ConfigError, RecipientUnreachableError } from "../../src/errors.js";
import { HttpServer } from "../../src/http/server.js";
import { TEXT } from "../../src/texts.js";
import { silentLog } from "../support/bot.js";
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "../support/fake-discord.js";

/**
 * The adapter's half of its contract with the pipeline, against the fake Discord: what it hands
 * over, and how it renders what comes back. The host answers with a fixed HandleResult, because
 * the pipeline cannot yet produce some of them (continueInPrivate and deleteInbound come with
 * the safety issue); the end-to-end scenarios through startBot are in the other discord tests.
 */
describe("discord adapter: the pipeline contract (real discord.js against a local Discord)", () => {
  let discord: FakeDiscord | undefined;
  let adapter: DiscordAdapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    await discord?.close();
    adapter = discord = undefined;
  });

  async function start(
    result: HandleResult | ((message: InboundMessageInput) => HandleResult) = { replies: [], deleteInbound: false },
    fakeOptions: FakeDiscordOptions = {},
    log: Logger = silentLog,
  ) {
    discord = await startFakeDiscord(fakeOptions);
    const received: InboundMessageInput[] = [];
    const unreachable: { ref: ConversationRef; userId: string }[] = [];
    const host: AdapterHost = {
      handle: async (message) => {
        received.push(message);
        return typeof result === "function" ? result(message) : result;
      },
      unreachable: async (ref, userId) => {
        unreachable.push({ ref, userId });
      },
      http: new HttpServer(log),
      log,
    };
    adapter = new DiscordAdapter({ token: discord.env.DISCORD_BOT_TOKEN, apiBase: discord.env.DISCORD_API_BASE, supportChannels: [], replyMode: "thread" });
    await adapter.start(host);
    return { discord, adapter, received, unreachable };
  }

  it("hands over the text without the bot's mention, other mentions by name, and what it cannot read", async () => {
    const { discord, received } = await start();
    const bob = discord.user("bob");
    discord.say(discord.channels.general, "alice", `is <@${bob.id}> right about fees?`, { mention: true });
    const voice = { id: "1400000000000009003", filename: "voice-message.ogg", size: 9000, url: "https://cdn.example/v.ogg", proxy_url: "https://cdn.example/v.ogg", content_type: "audio/ogg" };
    discord.dm("alice", "", { attachments: [voice], flags: 1 << 13 });
    discord.dm("alice", "see my receipt", { attachments: [{ ...voice, filename: "receipt.pdf", content_type: "application/pdf" }] });
    await discord.waitFor(() => received.length === 3, "three messages handed over");

    // The channel message waits for its thread to open, so it reaches the pipeline last.
    const [voiceNote, receipt, question] = received;
    expect(question).toMatchObject({
      text: "is @Bob right about fees?",
      author: { id: discord.user("alice").id, displayName: "Alice" },
      ref: { platform: "discord", chatId: discord.channels.general, kind: "comment" },
      botCanDelete: false,
    });
    expect(voiceNote).toMatchObject({ text: "", unreadable: "voice", ref: { kind: "dm", chatId: discord.dmChannel("alice") } });
    expect(receipt).toMatchObject({ text: "see my receipt", unreadable: "file" });
  });

  it("deletes the user's message when the pipeline says so, where the bot has Manage Messages", async () => {
    const { discord, received } = await start({ replies: [{ text: "Please never post card numbers here.", buttons: [] }], deleteInbound: true }, { manageMessages: true });
    const { message } = discord.say(discord.channels.general, "alice", "my card is 4111 1111 1111 1111", { mention: true });
    await discord.waitForSent(message.id, 1);
    expect(received[0]?.botCanDelete).toBe(true);
    expect(discord.deletedMessages).toEqual([{ channelId: discord.channels.general, messageId: message.id }]);
  });

  it("moves a public conversation into a DM: a bilingual note, the invitation redeemed there, and a word in public", async () => {
    const { discord, received } = await start((message) =>
      message.startPayload === undefined
        ? { replies: [{ text: "Refunds are reviewed by the merchant first.", buttons: [], continueInPrivate: { token: "t-1" } }], deleteInbound: false }
        : { replies: [{ text: "Your refund in detail: ...", buttons: [] }], deleteInbound: false },
    );
    const { message } = discord.say(discord.channels.general, "alice", "where is my refund", { mention: true });

    const [publicAnswer] = await discord.waitForSent(message.id, 1);
    expect(publicAnswer?.body.content).toContain(TEXT.continuedInDm.en);
    expect(discord.dmsOpened).toEqual([discord.user("alice").id]);
    expect(received[1]).toMatchObject({
      messageId: "invite-t-1",
      startPayload: "t-1",
      text: "",
      ref: { platform: "discord", chatId: discord.dmChannel("alice"), kind: "dm" },
      author: { id: discord.user("alice").id, languageHint: "en" },
    });
    const [note, privateAnswer] = discord.sent.filter((sent) => sent.channelId === discord.dmChannel("alice")).map((sent) => sent.body.content);
    expect(note).toBe(`${TEXT.continueHere.zh}\n${TEXT.continueHere.en}`);
    expect(privateAnswer).toBe("Your refund in detail: ...");
  });

  it("says in public that the DM could not be opened when the user's settings refuse it", async () => {
    const reply = { text: "Refunds are reviewed by the merchant first.", buttons: [], continueInPrivate: { token: "t-2" } };
    const { discord } = await start({ replies: [reply], deleteInbound: false });
    discord.rejectNextMessage(50007);
    const { message } = discord.say(discord.channels.general, "alice", "where is my refund", { mention: true });
    const [publicAnswer] = await discord.waitForSent(message.id, 1);
    expect(publicAnswer?.body.content).toContain(TEXT.dmClosed.en);
    expect(publicAnswer?.body.content).not.toContain(TEXT.continuedInDm.en);
  });

  it("splits a long answer under 2000 characters on paragraphs, buttons on the last part", async () => {
    const paragraph = "Step: open the app, go to My orders, find the payment and check its status. ".repeat(9).trim();
    const text = Array.from({ length: 8 }, () => paragraph).join("\n\n");
    const buttons = [{ id: "handoff", label: "Talk to a person" }];
    const { discord } = await start({ replies: [{ text, buttons }], deleteInbound: false });
    discord.dm("alice", "tell me everything");

    await discord.waitFor(() => discord.sent.some((sent) => sent.body.components?.length), "the last part, with the buttons");
    const parts = discord.sent.map((sent) => sent.body);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((part) => (part.content ?? "").length <= 2000)).toBe(true);
    expect(parts.map((part) => part.content).join("\n\n")).toBe(text);
    expect(parts.map((part) => (part.components ?? []).length)).toEqual([...parts.slice(1).map(() => 0), 1]);
  });

  it("send: an agent's message reaches the DM marked as from a person, markdown shown as typed, buttons in rows of five", async () => {
    const { discord, adapter } = await start();
    const ref: ConversationRef = { platform: "discord", chatId: discord.dmChannel("alice"), kind: "dm" };
    const buttons = [1, 2, 3, 4, 5].map((score) => ({ id: `csat:${score}`, label: String(score) })).concat([{ id: "handoff", label: "Talk to a person" }]);
    await adapter.send(ref, { text: "Your refund went back on **Monday**, see [here](https://evil.example)", buttons, fromAgent: "Li_Lei" });

    const [sent] = await discord.waitForSent(ref.chatId, 1);
    expect(sent?.body.content).toBe("**👤 Support agent Li\\_Lei**\nYour refund went back on \\*\\*Monday\\*\\*, see \\[here\\](https://evil.example)");
    expect(sent?.body.components?.map((row) => ("components" in row ? row.components.length : 0))).toEqual([5, 1]);
    await adapter.send(ref, { text: "退款已退回", buttons: [], fromAgent: "小王" });
    const [, second] = await discord.waitForSent(ref.chatId, 2);
    expect(second?.body.content).toBe("**👤 人工客服 小王**\n退款已退回");
  });

  it("send: a thread conversation is answered in its thread", async () => {
    const { discord, adapter } = await start({ replies: [{ text: "ok", buttons: [] }], deleteInbound: false });
    const { message } = discord.say(discord.channels.general, "alice", "hello", { mention: true });
    await discord.waitForSent(message.id, 1);
    await adapter.send({ platform: "discord", chatId: discord.channels.general, threadId: message.id, kind: "comment" }, { text: "An agent here.", buttons: [], fromAgent: "Ana" });
    const [, agent] = await discord.waitForSent(message.id, 2);
    expect(agent?.body.content).toContain("An agent here.");
  });

  it("send: throws RecipientUnreachableError when Discord answers 50007", async () => {
    const { discord, adapter } = await start();
    discord.rejectNextMessage(50007);
    const ref: ConversationRef = { platform: "discord", chatId: discord.dmChannel("alice"), kind: "dm" };
    await expect(adapter.send(ref, { text: "hello", buttons: [] })).rejects.toBeInstanceOf(RecipientUnreachableError);
    await adapter.send(ref, { text: "hello again", buttons: [] });
    expect(discord.sent.map((sent) => sent.body.content)).toEqual(["hello again"]);
  });

  it("logs a failed answer with Discord's error code, never the answer's text", async () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const { discord } = await start({ replies: [{ text: "Your card ending 4242 was refunded", buttons: [] }], deleteInbound: false }, {}, log);
    discord.rejectNextMessage(50013);
    discord.dm("alice", "refund?");
    await discord.waitFor(() => lines.some((line) => line.includes("could not answer a discord message")), "the failure logged");
    const failure = lines.find((line) => line.includes("could not answer a discord message"));
    expect(JSON.parse(failure ?? "{}")).toMatchObject({ err: { code: 50013, status: 403, method: "POST" } });
    expect(lines.join("\n")).not.toContain("4242");
    expect(lines.join("\n")).not.toContain("interaction-token");
  });

  it("stops at start-up with a one-line fix when the token is wrong", async () => {
    discord = await startFakeDiscord();
    const wrong = new DiscordAdapter({ token: "not-the-token", apiBase: discord.env.DISCORD_API_BASE, supportChannels: [], replyMode: "thread" });
    const failure = wrong.start(idleHost());
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow("DISCORD_BOT_TOKEN was rejected by Discord");
  });

  it("stops at start-up naming the Message Content intent when the portal has it off", async () => {
    discord = await startFakeDiscord({ allowedIntents: 1 | (1 << 9) | (1 << 12) });
    const bot = new DiscordAdapter({ token: discord.env.DISCORD_BOT_TOKEN, apiBase: discord.env.DISCORD_API_BASE, supportChannels: [], replyMode: "thread" });
    await expect(bot.start(idleHost())).rejects.toThrow(/DISCORD_BOT_TOKEN .*Message Content intent/);
    expect(bot.connected).toBe(false);
  });
});

/** A host for a start that is expected to fail: nothing reaches it. */
function idleHost(): AdapterHost {
  return { handle: async () => ({ replies: [], deleteInbound: false }), unreachable: async () => undefined, http: new HttpServer(silentLog), log: silentLog };
}
