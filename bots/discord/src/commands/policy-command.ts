import {
  answerPolicyInfo,
  answerPolicySchema,
  noticeReply,
  readAnswerPolicy,
  setAnswerPolicy,
} from "@studyhall/core";
import { z } from "zod";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

const policyOptions = z.object({
  mode: answerPolicySchema.optional(),
});

/** `/policy [mode:]`: shows the course's answer policy, or (course staff) changes it. */
export const policyCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const { mode } = policyOptions.parse({ mode: scope.interaction.options.getString("mode") ?? undefined });
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const course = await courseForPlace(db, scope.place);
  if (!mode) {
    const current = await readAnswerPolicy(db, { courseId: course.courseId });
    const text = `In **${course.courseName}** the tutor gives ${answerPolicyInfo(current).gives}. Staff can change it with \`/policy mode:\`.`;
    await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
    return;
  }
  const updated = await setAnswerPolicy(db, {
    actor: scope.place.actor,
    courseId: course.courseId,
    policy: mode,
  });
  scope.log.info({ courseId: updated.id, policy: mode }, "answer policy changed");
  const text = `From now on the tutor in **${updated.name}** gives ${answerPolicyInfo(mode).gives}.`;
  await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
};
