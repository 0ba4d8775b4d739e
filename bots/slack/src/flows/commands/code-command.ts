import { enterSpace, issueSpaceLinkCode, noticeReply } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall code [course]`: course staff get a one-time code that links another channel (Slack or
 * Discord) to the course of this channel, or to the course they name. Private: the code is theirs to
 * hand on. Who may have one, and the words that explain it, are core's.
 */
export async function runCodeCommand(
  ctx: SlackContext,
  req: CommandRequest,
  course: string | null,
): Promise<void> {
  if (!course) {
    // Asking in a linked channel joins its course first, as every command does (an admin as staff).
    const platformStaff = await ctx.admins.isAdmin(
      req.client,
      req.space.tenant,
      req.actor.externalId,
      req.log,
    );
    await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  }
  const issued = await issueSpaceLinkCode(ctx.deps.db, {
    actor: req.actor,
    space: req.space,
    ...(course ? { course } : {}),
  });
  req.log.info({ courseId: issued.course.id }, "link code issued");
  await req.reply(noticeReply("info", issued.instructions));
}
