import { afterEach, describe, expect, it } from "vitest";
import { TEXT } from "../../src/texts.js";
import { startDiscordTestBot } from "../support/discord-bot.js";

/** Interaction callback types (discord-api-types InteractionResponseType). */
const DEFERRED_REPLY = 5;
const DEFERRED_UPDATE = 6;

describe("discord: buttons and slash commands (real discord.js against a local Discord)", () => {
  let env: Awaited<ReturnType<typeof startDiscordTestBot>> | undefined;

  afterEach(async () => {
    await env?.stop();
    env = undefined;
  });

  it("registers /help and /human globally at start-up, in both languages", async () => {
    env = await startDiscordTestBot();
    const [registration, ...more] = env.discord.commandRegistrations;
    expect(more).toEqual([]);
    expect(registration?.guildId).toBeNull();
    expect(registration?.commands.map((command) => command.name)).toEqual(["help", "human"]);
    expect(registration?.commands[1]).toMatchObject({ description: "Talk to a person", description_localizations: { "zh-CN": "转人工客服" } });
  });

  it("registers the commands in DISCORD_GUILD_ID when set, so they appear at once", async () => {
    env = await startDiscordTestBot((discord) => ({ DISCORD_GUILD_ID: discord.guildId }));
    expect(env.discord.commandRegistrations.map((registration) => registration.guildId)).toEqual([env.discord.guildId]);
  });

  it("acknowledges a button click and answers with a follow-up, in the user's language", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    discord.dm("alice", "你好");
    const [answer] = await discord.waitForSent(discord.dmChannel("alice"), 1);

    const { interactionId } = discord.click("alice", answer!.message, "help", "zh-CN");
    await discord.waitFor(() => discord.interactionMessages.length > 0, "the follow-up");
    expect(discord.interactionCallbacks).toEqual([{ interactionId, type: DEFERRED_UPDATE }]);
    const [followUp, ...more] = discord.interactionMessages;
    expect(more).toEqual([]);
    expect(followUp?.kind).toBe("followup");
    expect(followUp?.body.content).toMatch(/\p{Script=Han}/u);
    expect(discord.sent).toHaveLength(1);
  });

  it("hands /human in a DM over to a person: acknowledged at once, the placeholder replaced by the answer", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const { interactionId } = discord.command("bo", discord.dmChannel("bo"), "human");
    await discord.waitFor(() => discord.interactionMessages.length > 0, "the answer to /human");

    expect(discord.interactionCallbacks).toEqual([{ interactionId, type: DEFERRED_REPLY }]);
    expect(discord.interactionMessages[0]?.kind).toBe("edit-original");
    expect(discord.interactionMessages[0]?.body.content).toContain("A person from our support team will answer you here.");
    const conversation = await env.conversation(`discord:dm:${discord.dmChannel("bo")}`);
    expect(conversation?.state).toBe("queued");
    expect(conversation?.openHandoffId).toEqual(expect.any(String));
  });

  it("hands /human in a public channel over in private: the bot opens a DM and the handoff opens there", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const bo = discord.user("bo");
    discord.command("bo", discord.channels.general, "human");
    await discord.waitFor(() => discord.interactionMessages.length > 0, "the public answer to /human");

    const publicAnswer = discord.interactionMessages[0]?.body.content;
    expect(publicAnswer).toContain(TEXT.handoffInPrivate.en);
    expect(publicAnswer).toContain(TEXT.continuedInDm.en);
    expect(discord.dmsOpened).toEqual([bo.id]);
    const inPrivate = discord.sent.filter((sent) => sent.channelId === discord.dmChannel("bo")).map((sent) => sent.body.content);
    expect(inPrivate[0]).toContain(TEXT.continueHere.en);
    expect(inPrivate.slice(1).join("\n")).toContain("A person from our support team will answer you here.");
    expect((await env.conversation(`discord:dm:${discord.dmChannel("bo")}`))?.state).toBe("queued");
    expect((await env.conversation(`discord:comment:${discord.channels.general}:${bo.id}`))?.state).toBe("bot");
  });

  it("answers /help in a DM", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    const { interactionId } = discord.command("cara", discord.dmChannel("cara"), "help");
    await discord.waitFor(() => discord.interactionMessages.length > 0, "the answer to /help");
    expect(discord.interactionCallbacks).toEqual([{ interactionId, type: DEFERRED_REPLY }]);
    expect(discord.interactionMessages.map((message) => message.kind)).toEqual(["edit-original"]);
    const conversation = await env.conversation(`discord:dm:${discord.dmChannel("cara")}`);
    expect(conversation?.turns.map((turn) => turn.role)).toEqual(["user", "bot"]);
  });

  it("answers a click replayed by a resumed session once", async () => {
    env = await startDiscordTestBot();
    const { discord } = env;
    discord.dm("dora", "hello");
    const [answer] = await discord.waitForSent(discord.dmChannel("dora"), 1);
    const { seq } = discord.click("dora", answer!.message, "help");
    await discord.waitFor(() => discord.interactionMessages.length === 1, "the follow-up");

    discord.dropConnection({ replayFrom: seq });
    await discord.waitFor(() => discord.gateway.resumes === 1, "the session resumed");
    discord.dm("dora", "还在吗");
    await discord.waitForSent(discord.dmChannel("dora"), 2);
    expect(discord.interactionCallbacks).toHaveLength(1);
    expect(discord.interactionMessages).toHaveLength(1);
    expect(discord.requests.filter((request) => request.route.endsWith("/callback")).map((request) => request.status)).toEqual([204, 400]);
  });
});
