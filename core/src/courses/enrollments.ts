import type { CourseRole, EnrollmentSource, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/**
 * Enrols `userId` in the course, or re-activates a removed enrolment. An existing role is only ever
 * raised (student -> staff), never lowered, so a chat join cannot demote a teacher.
 */
export async function ensureEnrollment(
  db: Prisma,
  input: { courseId: string; userId: string; role: CourseRole; source: EnrollmentSource },
): Promise<{ role: CourseRole }> {
  const existing = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: input.courseId, userId: input.userId } },
  });
  if (!existing) {
    // ON CONFLICT DO NOTHING: two first contacts at once (double clicks) must both succeed.
    const created = await db.enrollment.createMany({ data: [input], skipDuplicates: true });
    if (created.count === 1) return { role: input.role };
    return ensureEnrollment(db, input);
  }
  const role: CourseRole = existing.role === "STAFF" || input.role === "STAFF" ? "STAFF" : "STUDENT";
  if (role !== existing.role || existing.removedAt) {
    await db.enrollment.update({ where: { id: existing.id }, data: { role, removedAt: null } });
  }
  return { role };
}

/** The active enrolment of `userId` in the course, or a Forbidden error. */
export async function requireEnrollment(
  db: Prisma,
  courseId: string,
  userId: string,
): Promise<{ role: CourseRole }> {
  const enrollment = await db.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } } });
  if (!enrollment || enrollment.removedAt) {
    throw new AppError(ErrorCode.Forbidden, "actor is not enrolled in the course", {
      userMessage: "You are not a member of this course.",
      details: { courseId, userId },
    });
  }
  return { role: enrollment.role };
}

/** Like {@link requireEnrollment}, but only course staff pass. */
export async function requireStaff(db: Prisma, courseId: string, userId: string): Promise<void> {
  const { role } = await requireEnrollment(db, courseId, userId);
  if (role !== "STAFF") {
    throw new AppError(ErrorCode.Forbidden, "actor is not course staff", {
      userMessage: "Only course staff can do that.",
      details: { courseId, userId },
    });
  }
}

const SOURCES: Record<Platform, EnrollmentSource> = {
  DISCORD: "DISCORD",
  SLACK: "SLACK",
  LTI: "LTI",
  CLEVER: "CLEVER",
  CLI: "MANUAL",
};

/** How an enrolment made through `platform` is recorded. */
export function enrollmentSourceFor(platform: Platform): EnrollmentSource {
  return SOURCES[platform];
}
