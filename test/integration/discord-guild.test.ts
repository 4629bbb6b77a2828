import { afterEach, describe, expect, it } from "vitest";
import { startDiscordTestBot } from "../support/discord-bot.js";

const inChinese = (content: string | undefined) => /\p{Script=Han}/u.test(content ?? "");

describe("discord: guild channels (real discord.js against a local Discord)", () => {
  let env: Awaited<ReturnType<typeof startDiscordTestBot>> | undefined;

  afterEach(async () => {
    await env?.stop();
    env = undefined;
  });

  it("answers a mention in a public channel in a thread opened on the message, and continues there", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const alice = discord.user("alice");
    const { message } = discord.say(discord.channels.general, "alice", "付款一直失败怎么回事", { mention: true });

    const [answer] = await discord.waitForSent(message.id, 1);
    expect(discord.threads).toEqual([{ id: message.id, parentId: discord.channels.general, name: "客服 · Alice" }]);
    expect(answer?.body.content?.startsWith(`<@${alice.id}>\n`)).toBe(true);
    expect(answer?.body.allowed_mentions).toEqual({ parse: [], users: [alice.id] });
    expect(inChinese(answer?.body.content)).toBe(true);
    expect(discord.sent.filter((sent) => sent.channelId === discord.channels.general)).toEqual([]);

    // In the bot's thread no mention is needed; the answer stays in the thread, without a new ping.
    discord.say(message.id, "alice", "还是不行");
    const [, second] = await discord.waitForSent(message.id, 2);
    expect(second?.body.content?.startsWith("<@")).toBe(false);
    expect(discord.threads).toHaveLength(1);
    const conversation = await env.conversation(`discord:comment:${discord.channels.general}:${alice.id}`);
    expect(conversation?.ref).toEqual({ platform: "discord", chatId: discord.channels.general, threadId: message.id, kind: "comment" });
    expect(conversation?.turns.filter((turn) => turn.role === "user").map((turn) => turn.text)).toEqual(["付款一直失败怎么回事", "还是不行"]);
  });

  it("answers a message in a support channel without a mention, and not another bot's", async () => {
    env = await startDiscordTestBot((discord) => ({ DISCORD_SUPPORT_CHANNELS: `${discord.channels.support}, 1400000000000000999` }));
    const { discord } = env;
    const support = discord.channels.support;
    discord.say(support, "statusbot", "deploy finished", { extra: { author: { ...discord.user("statusbot"), bot: true } } });
    const { message } = discord.say(support, "bo", "how do I download the app");

    const [answer] = await discord.waitForSent(message.id, 1);
    expect(answer?.body.content).toMatch(/\S/);
    expect(inChinese(answer?.body.content)).toBe(false);
    expect(discord.threads.map((thread) => thread.id)).toEqual([message.id]);
    expect(discord.sent).toHaveLength(1);
  });

  it("ignores an ordinary channel message that does not address the bot", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const cara = discord.user("cara");
    discord.say(discord.channels.general, "cara", "anyone up for lunch? refund talk later");
    // The same user then mentions the bot: once that is answered, the first message was long past.
    const { message } = discord.say(discord.channels.general, "cara", "hi", { mention: true });

    await discord.waitForSent(message.id, 1);
    expect(discord.threads.map((thread) => thread.id)).toEqual([message.id]);
    expect(discord.sent).toHaveLength(1);
    const conversation = await env.conversation(`discord:comment:${discord.channels.general}:${cara.id}`);
    expect(conversation?.turns.filter((turn) => turn.role === "user").map((turn) => turn.text)).toEqual(["hi"]);
  });

  it("answers a replayed mention once, in its one thread", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const { message } = discord.say(discord.channels.general, "dora", "payment failed", { mention: true });
    await discord.waitForSent(message.id, 1);

    discord.dispatch("MESSAGE_CREATE", message);
    const threadCalls = () => discord.requests.filter((request) => request.route.endsWith(`/messages/${message.id}/threads`));
    await discord.waitFor(() => threadCalls().length === 2, "the replay reaching the thread step");
    expect(threadCalls().map((call) => call.status)).toEqual([201, 400]);
    // A later message of the same conversation is answered after the replay was handled.
    discord.say(message.id, "dora", "还在吗");
    await discord.waitFor(() => discord.sent.some((sent) => inChinese(sent.body.content)), "the answer to the later message");
    expect(discord.sent.filter((sent) => sent.channelId === message.id).map((sent) => inChinese(sent.body.content))).toEqual([false, true]);
    expect(discord.threads).toHaveLength(1);
  });

  it("with DISCORD_REPLY_MODE=reply answers with a plain reply, and answers a reply to the bot", async () => {
    env = await startDiscordTestBot({ DISCORD_REPLY_MODE: "reply" });
    const { discord } = env;
    const general = discord.channels.general;
    const { message } = discord.say(general, "eve", "my payment failed", { mention: true });
    const [answer] = await discord.waitForSent(general, 1);
    expect(answer?.body.message_reference).toEqual({ message_id: message.id, fail_if_not_exists: false });
    expect(answer?.body.content?.startsWith("<@")).toBe(false);

    const { message: followUp } = discord.say(general, "eve", "it still fails", { replyTo: answer!.message });
    const [, second] = await discord.waitForSent(general, 2);
    expect(second?.body.message_reference).toEqual({ message_id: followUp.id, fail_if_not_exists: false });
    expect(discord.threads).toEqual([]);
  });
});
