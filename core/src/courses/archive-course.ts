import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { parseUpkeepInput } from "./course-upkeep-input.ts";
import { requireStaff } from "./enrollments.ts";

export const archiveCourseInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  /** Archive (true) or reopen (false). */
  archived: z.boolean(),
});

export interface ArchiveCourseResult {
  course: Course;
  /** False when the course already was in the state asked for (nothing written, nothing audited). */
  changed: boolean;
}

/**
 * Archives a course or reopens it. Course staff only; audited. An archived course is read-only (see
 * requireOpenCourse) and hidden from pickers: setup's suggestions, name lookups, `course list`, the
 * LMS deep-linking picker. Its chat spaces and LMS links stay, so the tutor goes on answering there
 * and reopening needs no relinking.
 */
export async function archiveCourse(
  db: Prisma,
  input: z.input<typeof archiveCourseInput>,
): Promise<ArchiveCourseResult> {
  const { actor, courseId, archived } = parseUpkeepInput(archiveCourseInput, input, "archive");
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return db.$transaction(async (tx) => {
    const before = await tx.course.findUniqueOrThrow({ where: { id: courseId } });
    if (Boolean(before.archivedAt) === archived) return { course: before, changed: false };
    const course = await tx.course.update({
      where: { id: courseId },
      data: { archivedAt: archived ? new Date() : null },
    });
    await recordAudit(tx, {
      action: archived ? "course.archived" : "course.unarchived",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "course",
      targetId: courseId,
      details: { name: course.name.slice(0, 200) },
    });
    return { course, changed: true };
  });
}
