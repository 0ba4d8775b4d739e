import { handleStudyAction, type StudyAction } from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import { toDiscordMessages } from "../../render/to-discord-messages.ts";
import type { InteractionScope } from "../command-scope.ts";
import { showStudyReply } from "./show-study-reply.ts";
import { openPracticeForm, openWritingForm } from "./study-forms.ts";

/**
 * A click on a study button (a flashcard's Show, Hint and ratings; practice; deck and prompt review).
 * Acknowledged at once by promising to update the clicked message, then core answers
 * (handleStudyAction): "replace" edits the message in place, "new" is a private follow-up. The two
 * buttons that open forms answer with the form instead.
 */
export async function studyButton(
  scope: InteractionScope<ButtonInteraction>,
  action: StudyAction,
): Promise<void> {
  if (action.kind === "practice.respond") return openPracticeForm(scope, action);
  if (action.kind === "writing.open") return openWritingForm(scope, action.promptId);
  scope.errorsAsFollowUp = true;
  const reply = await scope.deferUpdate({ work: "study" });
  const { place } = scope;
  const result = await handleStudyAction(scope.ctx.deps, {
    actor: place.actor,
    space: place.space,
    action,
  });
  scope.log.info({ action: action.kind, placement: result.placement }, "study click");
  if (result.placement === "replace") {
    await showStudyReply(reply, result.reply);
    return;
  }
  for (const message of toDiscordMessages(result.reply)) await reply.followUp(message);
}
