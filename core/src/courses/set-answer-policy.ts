import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { answerPolicySchema } from "./answer-policies.ts";
import { requireStaff } from "./enrollments.ts";

export const setAnswerPolicyInput = z.object({
  actor: actorSchema,
  courseId: z.string().uuid(),
  policy: answerPolicySchema,
});

/** Changes how the tutor answers in a course. Course staff only. */
export async function setAnswerPolicy(
  db: Prisma,
  input: z.input<typeof setAnswerPolicyInput>,
): Promise<Course> {
  const { actor, courseId, policy } = setAnswerPolicyInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return db.$transaction(async (tx) => {
    const before = await tx.course.findUniqueOrThrow({
      where: { id: courseId },
      select: { answerPolicy: true },
    });
    const course = await tx.course.update({ where: { id: courseId }, data: { answerPolicy: policy } });
    await recordAudit(tx, {
      action: "course.policy_changed",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "course",
      targetId: courseId,
      details: { from: before.answerPolicy, to: policy },
    });
    return course;
  });
}
