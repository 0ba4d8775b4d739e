import { AppError, ErrorCode, noticeReply, recordFeedback } from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import { decodeAction } from "../render/action-codec.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { InteractionScope } from "./command-scope.ts";

/** A 👍/👎 under an answer: stored on the answer (only the asker may vote), confirmed privately. */
export async function feedbackButton(scope: InteractionScope<ButtonInteraction>): Promise<void> {
  const action = decodeAction(scope.interaction.customId);
  if (action?.kind !== "tutor.feedback") {
    throw new AppError(ErrorCode.NotFound, `unknown button ${scope.interaction.customId}`, {
      userMessage: "That button no longer works.",
    });
  }
  const reply = await scope.defer({ ephemeral: true });
  await recordFeedback(scope.ctx.deps.db, {
    actor: scope.place.actor,
    messageId: action.messageId,
    vote: action.vote,
  });
  const thanks =
    action.vote === 1 ? "Thanks! Glad it helped. 👍" : "Thanks for telling us. Your teacher will see it. 👎";
  await reply.edit(toDiscordMessages(noticeReply("info", thanks))[0]!);
}
