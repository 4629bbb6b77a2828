import { afterEach, describe, expect, it } from "vitest";
import { startTestBot } from "../support/bot.js";
import { startDiscordTestBot } from "../support/discord-bot.js";
import { type FakeDiscord, startFakeDiscord } from "../support/fake-discord.js";

const inChinese = (content: string | undefined) => /\p{Script=Han}/u.test(content ?? "");

describe("discord: the gateway connection (real discord.js against a local Discord)", () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("resumes a dropped session: a message sent meanwhile is answered, a replayed one not again", async () => {
    const env = await startDiscordTestBot();
    cleanups.push(env.stop);
    const { discord } = env;
    const first = discord.dm("alice", "hello, is anyone there?");
    await discord.waitForSent(discord.dmChannel("alice"), 1);

    discord.dropConnection({ replayFrom: first.seq });
    discord.dm("alice", "我的付款失败了");
    // The replayed first message comes before the missed one in the same conversation.
    await discord.waitFor(() => discord.sent.some((sent) => inChinese(sent.body.content)), "the answer to the missed message");

    expect(discord.gateway).toEqual({ identifies: 1, resumes: 1 });
    const answers = discord.sent.filter((sent) => sent.channelId === discord.dmChannel("alice"));
    expect(answers.map((sent) => inChinese(sent.body.content)).sort()).toEqual([false, true]);
    const health = await fetch(`${env.bot.url}/healthz`);
    expect(await health.json()).toMatchObject({ adapters: { discord: true } });
  });

  it("after a restart still answers in the threads it opened before", async () => {
    const discord: FakeDiscord = await startFakeDiscord();
    cleanups.push(() => discord.close());
    const before = await startTestBot(discord.env);
    const { message } = discord.say(discord.channels.general, "bo", "my payment failed", { mention: true });
    await discord.waitForSent(message.id, 1);
    await before.stop();

    const after = await startTestBot(discord.env);
    cleanups.push(() => after.stop());
    discord.say(message.id, "bo", "still failing");
    await discord.waitForSent(message.id, 2);
    expect(discord.gateway.identifies).toBe(2);
    expect(discord.threads).toHaveLength(1);
  });
});
