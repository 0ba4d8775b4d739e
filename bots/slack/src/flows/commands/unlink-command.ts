import { unbindSpace } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall unlink`: the channel stops answering for its course, which keeps everything it has
 * (materials, quizzes, questions). The same people who may link a channel may unlink it, as core
 * decides; the course's staff find it in the course's audit log. Said in the channel, like the link.
 */
export async function runUnlinkCommand(ctx: SlackContext, req: CommandRequest): Promise<void> {
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const unlinked = await unbindSpace(ctx.deps.db, {
    actor: req.actor,
    space: req.space,
    scope: "channel",
    platformStaff,
  });
  req.log.info({ courseId: unlinked.courseId }, "channel unbound");
  await req.reply({
    visibility: "public",
    blocks: [
      {
        type: "text",
        text: `This channel is no longer linked to **${unlinked.courseName}**. The course and its materials are kept; \`/studyhall setup\` links this channel to a course again.`,
      },
    ],
  });
}
