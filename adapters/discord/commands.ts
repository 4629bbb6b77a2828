import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Locale,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
} from "discord.js";
import type { Localized } from "../../src/conversation/model.js";
import { BUTTON } from "../../src/engine/types.js";
import { TEXT } from "../../src/texts.js";

/** The slash commands: each feeds one action into the conversation, as a button click would. */
const COMMANDS: ReadonlyMap<string, { action: string; description: Localized }> = new Map([
  ["help", { action: BUTTON.help, description: TEXT.helpCommand }],
  ["human", { action: BUTTON.handoff, description: TEXT.talkToPerson }],
]);

export function commandAction(commandName: string): string | undefined {
  return COMMANDS.get(commandName)?.action;
}

/**
 * Registers the slash commands (a PUT replaces the whole set, so a restart never duplicates them).
 * Guild-scoped commands appear at once; global ones can take up to an hour to reach every client.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId: string | undefined): Promise<void> {
  const body: RESTPutAPIApplicationCommandsJSONBody = [...COMMANDS].map(([name, { description }]) => ({
    type: ApplicationCommandType.ChatInput,
    name,
    description: description.en,
    description_localizations: { [Locale.ChineseCN]: description.zh, [Locale.ChineseTW]: description.zh },
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
  await rest.put(guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId), { body });
}
