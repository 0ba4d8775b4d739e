import type { Logger, StudyHallDeps } from "@studyhall/core";
import type { Client, REST } from "discord.js";
import type { DiscordSettings, DiscordTuning } from "./discord-settings.ts";
import type { WorkSlots } from "./reply/work-slots.ts";

/** What every handler of the Discord front end receives, built once at start. */
export interface BotContext {
  deps: StudyHallDeps;
  settings: DiscordSettings;
  tuning: DiscordTuning;
  logger: Logger;
  client: Client;
  /** For interaction webhooks only: no client-side global cap (see createInteractionRest). */
  interactionRest: REST;
  applicationId: string;
  /** Bounds the answers and uploads in progress (see createWorkSlots). */
  workSlots: WorkSlots;
}
