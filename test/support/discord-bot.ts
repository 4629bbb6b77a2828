import { Redis } from "ioredis";
import { inject } from "vitest";
import type { Conversation } from "../../src/conversation/model.js";
import { ConversationStore } from "../../src/conversation/store.js";
import { startTestBot } from "./bot.js";
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "./fake-discord.js";

/**
 * The whole bot (startBot, real Redis) connected to a fresh fake Discord. `env` adds settings
 * (DISCORD_REPLY_MODE...), or makes them from the fake (`(discord) => ({ DISCORD_SUPPORT_CHANNELS:
 * discord.channels.support })`). `stop` stops the bot, then the fake, and deletes what the bot stored.
 */
export async function startDiscordTestBot(
  env: Record<string, string> | ((discord: FakeDiscord) => Record<string, string>) = {},
  options: FakeDiscordOptions = {},
) {
  const discord = await startFakeDiscord(options);
  const bot = await startTestBot({ ...discord.env, ...(typeof env === "function" ? env(discord) : env) });
  const redis = new Redis(inject("REDIS_URL"));
  const store = new ConversationStore(redis, { prefix: bot.prefix, ttlMs: 60_000 });
  return {
    discord,
    bot,
    /** A conversation as the pipeline stored it: `discord:dm:<channel>` or `discord:comment:<channel>:<user>`. */
    conversation: (id: string): Promise<Conversation | undefined> => store.load(id),
    stop: async () => {
      await bot.stop();
      await discord.close();
      redis.disconnect();
    },
  };
}
