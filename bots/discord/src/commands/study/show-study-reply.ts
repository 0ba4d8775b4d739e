import type { Reply } from "@studyhall/core";
import type { InteractionReply } from "../../client/interaction-reply.ts";
import { discordFilesOf } from "../../render/discord-files.ts";
import { toDiscordMessages } from "../../render/to-discord-messages.ts";

/**
 * Shows a study reply in the interaction's original message (the rest of a long reply as follow-ups),
 * with its files attached to the last message, under the text they go with.
 */
export async function showStudyReply(reply: InteractionReply, shown: Reply): Promise<void> {
  const messages = toDiscordMessages(shown);
  const files = discordFilesOf(shown);
  if (files.length === 0) {
    await reply.show(messages);
    return;
  }
  const [first, ...rest] = messages;
  if (rest.length === 0) {
    await reply.editWithFiles(first!, files);
    return;
  }
  await reply.edit(first!);
  for (const [i, message] of rest.entries()) {
    if (i === rest.length - 1) await reply.followUpWithFiles(message, files);
    else await reply.followUp(message);
  }
}
