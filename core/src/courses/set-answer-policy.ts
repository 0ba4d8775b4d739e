import { z } from "zod";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { requireStaff } from "./enrollments.ts";

export const setAnswerPolicyInput = z.object({
  actor: actorSchema,
  courseId: z.string().uuid(),
  policy: z.enum(["FULL", "HINTS", "SOCRATIC"], { message: "Choose full, hints or socratic." }),
});

/** Changes how the tutor answers in a course. Course staff only. */
export async function setAnswerPolicy(
  db: Prisma,
  input: z.input<typeof setAnswerPolicyInput>,
): Promise<Course> {
  const { actor, courseId, policy } = setAnswerPolicyInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return db.course.update({ where: { id: courseId }, data: { answerPolicy: policy } });
}
