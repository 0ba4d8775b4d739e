import { AppError, ErrorCode, enterSpace } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import { quizWriteModal } from "../../views/quiz-write-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall quiz write [title]`: opens the modal to write a short quiz for this channel's course.
 * Staff only (admins count as staff), refused before anything opens. Runs right after the ack: the
 * trigger_id expires three seconds after the command.
 */
export async function runQuizWrite(ctx: SlackContext, req: CommandRequest, title?: string): Promise<void> {
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const member = await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  if (member.role !== "STAFF")
    throw new AppError(ErrorCode.Forbidden, "non-staff wrote a quiz", {
      userMessage: "Only course staff can write, review or export quizzes.",
    });
  await req.client.views.open({
    trigger_id: req.command.trigger_id,
    view: quizWriteModal(
      member.course.name,
      { courseId: member.course.id, channel: req.command.channel_id },
      title,
    ),
  });
}
