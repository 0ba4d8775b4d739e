import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from "discord.js";

/** Usable in a server and in DMs with the bot. */
export const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM];
/** Usable in a server only: it acts on the channel's course. */
export const guildOnly = [InteractionContextType.Guild];

/** A slash command installed with the app in guilds, usable where `contexts` says. */
export function command(name: string, description: string, contexts = everywhere): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(contexts)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}
