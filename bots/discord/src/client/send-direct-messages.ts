import { type REST, Routes } from "discord.js";
import type { DiscordMessage } from "../render/to-discord-messages.ts";

/**
 * Posts `messages` in the person's DM with the bot: opens (or finds) the DM channel, then posts in
 * order. Ephemeral flags are dropped: a DM is already private. Fails when the person does not accept
 * DMs from the server's members (Discord error 50007); callers decide what to do then.
 */
export async function sendDirectMessages(
  rest: REST,
  userId: string,
  messages: DiscordMessage[],
): Promise<void> {
  const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
    id: string;
  };
  for (const { flags: _flags, ...body } of messages) {
    await rest.post(Routes.channelMessages(channel.id), { body });
  }
}
