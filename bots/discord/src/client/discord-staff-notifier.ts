import type { StaffNotifier } from "@studyhall/core";
import type { REST } from "discord.js";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { sendDirectMessages } from "./send-direct-messages.ts";

/**
 * Core's staff alerts as Discord DMs through the bot's REST client: open (or find) the DM channel with
 * the person, then post the rendered reply there. Works from the job runner, with or without a gateway
 * connection. Core chose the person and the words.
 */
export function createDiscordStaffNotifier(rest: REST): StaffNotifier {
  return {
    platform: "DISCORD",
    async sendDirect(recipient, reply) {
      await sendDirectMessages(
        rest,
        recipient.externalId,
        toDiscordMessages({ ...reply, visibility: "public" }),
      );
    },
  };
}
