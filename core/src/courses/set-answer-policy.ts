import { z } from "zod";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { answerPolicySchema } from "./answer-policies.ts";
import { updateCourseSettings } from "./course-settings.ts";

export const setAnswerPolicyInput = z.object({
  actor: actorSchema,
  courseId: z.string().uuid(),
  policy: answerPolicySchema,
});

/**
 * Changes how the tutor answers in a course. Course staff only. The shortcut of the course settings
 * (`/studyhall policy`, Discord `/policy`, the course page's policy form): the same use case, with
 * the same checks and audit.
 */
export async function setAnswerPolicy(
  db: Prisma,
  input: z.input<typeof setAnswerPolicyInput>,
): Promise<Course> {
  const { actor, courseId, policy } = setAnswerPolicyInput.parse(input);
  await updateCourseSettings(db, { actor, courseId, changes: { answerPolicy: policy } }, []);
  return db.course.findUniqueOrThrow({ where: { id: courseId } });
}
