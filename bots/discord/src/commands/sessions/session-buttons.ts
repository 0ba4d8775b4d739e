import { handleSessionAction, type ReplyAction } from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import { toDiscordMessages } from "../../render/to-discord-messages.ts";
import type { InteractionScope } from "../command-scope.ts";
import { enterStudyPlace } from "../study/study-place.ts";

type SessionAction = Extract<ReplyAction, { kind: "session.rsvp" | "session.join" }>;

/**
 * A study session's buttons (Going / Maybe / Can't go, and "I'm here" in its thread): core records the
 * answer. An RSVP's updated announcement replaces the clicked message; core's notice to the clicker is a
 * private follow-up, so the message and its buttons stay for everyone else.
 */
export async function sessionButton(
  scope: InteractionScope<ButtonInteraction>,
  action: SessionAction,
): Promise<void> {
  scope.errorsAsFollowUp = true;
  const reply = await scope.deferUpdate({ work: "study" });
  // In a course's channel (or the session's thread) the person is entered first, as a command would.
  const place = await enterStudyPlace(scope.ctx, scope.place, null);
  const answer = await handleSessionAction(scope.ctx.deps, {
    ...place,
    platformStaff: scope.place.platformStaff,
    action,
  });
  scope.log.info({ action: action.kind, sessionId: action.sessionId }, "session click");
  if (answer.announcement) {
    const [message] = toDiscordMessages({ ...answer.announcement, visibility: "public" });
    if (message) await reply.edit(message);
  }
  for (const message of toDiscordMessages({ ...answer.notice, visibility: "private" }))
    await reply.followUp(message);
}

/** Whether an action is one of a study session's buttons. */
export function isSessionAction(action: ReplyAction): action is SessionAction {
  return action.kind === "session.rsvp" || action.kind === "session.join";
}
