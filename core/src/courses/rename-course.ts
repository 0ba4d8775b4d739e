import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { courseNameSchema, parseUpkeepInput } from "./course-upkeep-input.ts";
import { requireStaff } from "./enrollments.ts";
import { requireOpenCourse } from "./require-open-course.ts";

export const renameCourseInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  name: courseNameSchema,
});

/**
 * Renames a course. Course staff only; audited. The slug stays as it was, so CLI commands, scripts and
 * links that name the course keep working (the slug is an address, the name is what people read).
 * Names need not be unique, as at creation. An archived course is read-only and is reopened first.
 */
export async function renameCourse(db: Prisma, input: z.input<typeof renameCourseInput>): Promise<Course> {
  const { actor, courseId, name } = parseUpkeepInput(renameCourseInput, input, "rename");
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return db.$transaction(async (tx) => {
    const before = await tx.course.findUniqueOrThrow({ where: { id: courseId } });
    requireOpenCourse(before);
    if (before.name === name) return before;
    const course = await tx.course.update({ where: { id: courseId }, data: { name } });
    await recordAudit(tx, {
      action: "course.renamed",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "course",
      targetId: courseId,
      details: { from: before.name, to: name },
    });
    return course;
  });
}
