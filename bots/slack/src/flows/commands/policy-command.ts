import { type AnswerPolicy, answerPolicyInfo, enterSpace, setAnswerPolicy } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/** `/studyhall policy full|hints|socratic`: how the tutor answers in this channel's course (staff only). */
export async function runPolicyCommand(
  ctx: SlackContext,
  req: CommandRequest,
  policy: AnswerPolicy,
): Promise<void> {
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const member = await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  const course = await setAnswerPolicy(ctx.deps.db, { actor: req.actor, courseId: member.course.id, policy });
  req.log.info({ courseId: course.id, policy }, "answer policy changed");
  await req.reply({
    visibility: "public",
    blocks: [
      { type: "text", text: `The tutor for **${course.name}** now gives ${answerPolicyInfo(policy).gives}.` },
    ],
  });
}
