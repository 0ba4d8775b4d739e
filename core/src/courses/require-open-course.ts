import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/**
 * The one sentence every front end shows when someone tries to change an archived course. It names
 * the way back on each front end, since the person may be in any of them.
 */
export function archivedCourseMessage(name: string): string {
  return (
    `"${name}" is archived, so it is read-only: the tutor still answers and past results stay, but nothing ` +
    "can be added or changed. A teacher can reopen it with course unarchive " +
    "(Slack `/studyhall course unarchive`, Discord `/course unarchive`, the LMS page's Course section, " +
    "or `studyhall course unarchive`)."
  );
}

/**
 * Refuses a change to an archived course. Archived means read-only: reading materials, past results and
 * asking the tutor go on (studying an old course is reading), while new materials, quizzes, live games
 * and setting changes are refused with {@link archivedCourseMessage}.
 */
export function requireOpenCourse(course: Pick<Course, "id" | "name" | "archivedAt">): void {
  if (!course.archivedAt) return;
  throw new AppError(ErrorCode.Conflict, "course is archived", {
    userMessage: archivedCourseMessage(course.name),
    details: { courseId: course.id },
  });
}

/** {@link requireOpenCourse} for a use case that holds only the course's id. */
export async function requireOpenCourseById(db: Pick<Prisma, "course">, courseId: string): Promise<void> {
  const course = await db.course.findUnique({
    where: { id: courseId },
    select: { id: true, name: true, archivedAt: true },
  });
  if (course) requireOpenCourse(course);
}
