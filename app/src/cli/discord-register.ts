import { AppError, ErrorCode } from "@studyhall/core";
import { commandDefinitions } from "@studyhall/discord";
import { DiscordAPIError, REST, Routes } from "discord.js";
import type { Config } from "../config.ts";

/**
 * Registers StudyHall's slash commands with Discord: globally (every server the bot is in; Discord may
 * take a while to show changes) or in one server (at once, handy while setting up). Registration
 * replaces the whole set, so running it again is safe. Honours DISCORD_API_URL.
 */
export async function registerDiscordCommands(
  settings: Pick<Config["discord"], "token" | "applicationId" | "apiUrl">,
  guildId?: string,
): Promise<{ count: number; scope: "global" | "guild" }> {
  if (!settings.token || !settings.applicationId) {
    throw new AppError(ErrorCode.Config, "discord register without token or application id", {
      userMessage:
        "Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Discord Developer Portal → your app) first.",
    });
  }
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    throw new AppError(ErrorCode.InvalidInput, "bad guild id", {
      userMessage:
        "--guild takes a server id (Discord: enable Developer Mode, right-click the server, Copy Server ID).",
    });
  }
  const rest = new REST({ version: "10", ...(settings.apiUrl ? { api: settings.apiUrl } : {}) }).setToken(
    settings.token,
  );
  const route = guildId
    ? Routes.applicationGuildCommands(settings.applicationId, guildId)
    : Routes.applicationCommands(settings.applicationId);
  try {
    const registered = (await rest.put(route, { body: commandDefinitions })) as unknown[];
    return { count: registered.length, scope: guildId ? "guild" : "global" };
  } catch (error) {
    if (
      error instanceof DiscordAPIError &&
      (error.status === 401 || error.status === 403 || error.status === 404)
    ) {
      throw new AppError(ErrorCode.Config, `discord refused registration: ${error.status}`, {
        cause: error,
        userMessage:
          error.status === 401
            ? "Discord refused DISCORD_TOKEN. Copy the bot token again from the Developer Portal."
            : "Discord refused the registration: check DISCORD_APPLICATION_ID and that the bot is in that server.",
      });
    }
    throw error;
  }
}
