import {
  bindSpace,
  enterSpace,
  findSpaceCourse,
  namesakeHint,
  noticeReply,
  spaceLinkCodeInstructions,
  startSpaceBinding,
} from "@studyhall/core";
import { USAGE } from "../../parse/parse-studyhall-command.ts";
import { isChannelMember } from "../../slack/channel-membership.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall setup`: links this channel to a new course (`setup <name>`) or to an existing one
 * (`setup code <CODE>`, a code from the LMS tool or from staff of the course). Workspace admins may
 * do either; anyone else needs a code (or names a course they teach) and must be in the channel, as
 * core decides from what Slack says. Without arguments it says what the channel is linked to, and
 * gives the course's staff a code to link another channel.
 */
export async function runSetupCommand(
  ctx: SlackContext,
  req: CommandRequest,
  course: { create: string } | { code: string } | null,
): Promise<void> {
  const { db } = ctx.deps;
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  if (!course) {
    const bound = await findSpaceCourse(db, req.space);
    if (!bound)
      return req.reply(
        noticeReply("info", `This channel is not linked to a course yet.\nUsage: ${USAGE.setup}`),
      );
    const member = await enterSpace(db, { actor: req.actor, space: req.space, platformStaff });
    if (member.role !== "STAFF")
      return req.reply(noticeReply("info", `This channel is linked to **${bound.name}**.`));
    const { code, expiresAt } = await startSpaceBinding(db, { actor: req.actor, courseId: bound.id });
    return req.reply(
      noticeReply(
        "info",
        `This channel is linked to **${bound.name}**. To link another channel to it:\n${spaceLinkCodeInstructions(bound.name, code, expiresAt)}`,
      ),
    );
  }
  // Only asked of non-admins, who may link only a channel they are in.
  const memberOfSpace =
    !platformStaff && (await isChannelMember(req.client, req.space.channelId, req.actor.externalId, req.log));
  const result = await bindSpace(db, {
    actor: req.actor,
    space: req.space,
    scope: "channel",
    platformStaff,
    memberOfSpace,
    course,
  });
  req.log.info({ courseId: result.course.id, created: result.created }, "channel bound");
  const what = result.alreadyBound
    ? `This channel was already linked to **${result.course.name}**.`
    : `This channel is now linked to **${result.course.name}**${result.created ? " (a new course)" : ""}.`;
  await req.reply({
    visibility: result.alreadyBound ? "private" : "public",
    blocks: [
      {
        type: "text",
        text: `${what} Mention me with a question, or use \`/studyhall ask\`. Course staff can share files with me to add materials.`,
      },
      ...notices(namesakeHint(result)),
    ],
  });
}

function notices(hint: string | null) {
  return hint ? [{ type: "notice" as const, tone: "warning" as const, text: hint }] : [];
}
