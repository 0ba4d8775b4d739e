import type { CoursePermission, CourseRole } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { requireEnrollment } from "./enrollments.ts";

/**
 * What a course's "who may" settings allow, decided here once so every front end obeys the same
 * setting with the same words.
 */
export function permits(policy: CoursePermission, role: CourseRole): boolean {
  return role === "STAFF" || policy === "ENROLLED";
}

/** The refusal when the course keeps live quizzes to its staff. */
export function hostRefusal(): AppError {
  return new AppError(ErrorCode.Forbidden, "only staff may host", {
    userMessage: "Only course staff can start a live quiz in this course.",
  });
}

/** The refusal when the course keeps adding materials to its staff. */
export function materialsRefusal(): AppError {
  return new AppError(ErrorCode.Forbidden, "only staff may add materials", {
    userMessage: "Only course staff can add materials to this course.",
  });
}

/**
 * The person may add materials to the course: staff always, anyone actively enrolled when the course
 * allows it. Otherwise Forbidden (not enrolled: the enrolment refusal).
 */
export async function requireMaterialsAccess(db: Prisma, courseId: string, userId: string): Promise<void> {
  const { role } = await requireEnrollment(db, courseId, userId);
  const { materialsPolicy } = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { materialsPolicy: true },
  });
  if (!permits(materialsPolicy, role)) throw materialsRefusal();
}

/** The refusal when the course keeps scheduling study sessions to its staff. */
export function sessionsRefusal(courseName: string): AppError {
  return new AppError(ErrorCode.Forbidden, "only staff may schedule sessions", {
    userMessage: `Only the staff of ${courseName} can schedule study sessions. Staff can let everyone enrolled schedule them with the course setting \`sessions anyone\`.`,
  });
}
