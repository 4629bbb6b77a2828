import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEXT } from "../../src/texts.js";
import { startDiscordTestBot } from "../support/discord-bot.js";

describe("discord: direct messages (real discord.js against a local Discord)", () => {
  let env: Awaited<ReturnType<typeof startDiscordTestBot>>;

  beforeEach(async () => {
    env = await startDiscordTestBot();
  });
  afterEach(async () => {
    await env.stop();
  });

  it("answers an English question with the refund answer, in the DM", async () => {
    const { discord } = env;
    discord.dm("alice", "where is my refund??");
    const [answer] = await discord.waitForSent(discord.dmChannel("alice"), 1);
    expect(answer?.body.content).toContain("Refund not arrived yet?");
    expect(answer?.body.content).toContain("My orders");
    expect(answer?.body.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(answer?.body.message_reference).toBeUndefined();
  });

  it("answers a Chinese question in Chinese", async () => {
    const { discord } = env;
    discord.dm("bo", "退款还没到账");
    const [answer] = await discord.waitForSent(discord.dmChannel("bo"), 1);
    expect(answer?.body.content).toContain("退款需要商家先审核");
  });

  it("answers a photo or a sticker with the text-only reply", async () => {
    const { discord } = env;
    const photo = { id: "1400000000000009001", filename: "receipt.png", size: 48_213, url: "https://cdn.example/receipt.png", proxy_url: "https://cdn.example/receipt.png", content_type: "image/png" };
    discord.dm("carol", "", { attachments: [photo] });
    discord.dm("dan", "", { sticker_items: [{ id: "1400000000000009002", name: "wave", format_type: 1 }] });
    const [toPhoto] = await discord.waitForSent(discord.dmChannel("carol"), 1);
    const [toSticker] = await discord.waitForSent(discord.dmChannel("dan"), 1);
    expect(toPhoto?.body.content).toBe(TEXT.textOnly.zh);
    expect(toSticker?.body.content).toBe(TEXT.textOnly.zh);
  });

  it("answers a replayed MESSAGE_CREATE once", async () => {
    const { discord } = env;
    const { message } = discord.dm("erin", "hello, my payment failed");
    discord.dispatch("MESSAGE_CREATE", message);
    // The next message of the conversation is handled after the replay; its answer is the barrier.
    discord.dm("erin", "还在吗");
    const inChinese = (content: string | undefined) => /\p{Script=Han}/u.test(content ?? "");
    await discord.waitFor(() => discord.sent.some((sent) => inChinese(sent.body.content)), "the answer to the second message");
    const answers = discord.sent.filter((sent) => sent.channelId === discord.dmChannel("erin"));
    expect(answers.map((sent) => inChinese(sent.body.content)).sort()).toEqual([false, true]);
  });

  it("marks the user unreachable on 50007 and serves them again when they write", async () => {
    const { discord } = env;
    const conversationId = `discord:dm:${discord.dmChannel("frank")}`;
    discord.rejectNextMessage(50007);
    discord.dm("frank", "hello");
    await discord.waitFor(async () => (await env.conversation(conversationId))?.unreachable === true, "the conversation marked unreachable");
    expect(discord.sent).toHaveLength(0);

    discord.dm("frank", "I unblocked you, hello again");
    await discord.waitForSent(discord.dmChannel("frank"), 1);
    expect((await env.conversation(conversationId))?.unreachable).toBe(false);
  });

  it("reports Discord connected in /healthz", async () => {
    const health = await fetch(`${env.bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", adapters: { discord: true } });
  });
});
