import type { CourseRole, EnrollmentSource, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

export interface EnsureEnrollmentInput {
  courseId: string;
  userId: string;
  role: CourseRole;
  source: EnrollmentSource;
  /**
   * The source states the person's current role (an LMS launch's context roles), not only that they
   * may be staff: a staff role that this same source set earlier is lowered to student when it says so.
   */
  lowerOwnRole?: boolean;
}

/**
 * Enrols `userId` in the course, or re-activates a removed enrolment. Anyone may raise a role
 * (student -> staff); a role is lowered only with `lowerOwnRole` and only when the same source set it
 * (`roleSource`), so an LMS launch that says Learner demotes the staff role an earlier launch gave, but
 * never a teacher made staff by hand or by a chat platform.
 */
export async function ensureEnrollment(
  db: Prisma,
  input: EnsureEnrollmentInput,
): Promise<{ role: CourseRole }> {
  const { courseId, userId, role, source } = input;
  const existing = await db.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } } });
  if (!existing) {
    // ON CONFLICT DO NOTHING: two first contacts at once (double clicks) must both succeed.
    const created = await db.enrollment.createMany({
      data: [{ courseId, userId, role, source, roleSource: source }],
      skipDuplicates: true,
    });
    if (created.count === 1) return { role };
    return ensureEnrollment(db, input);
  }
  const change = roleChange(existing, input);
  if (change || existing.removedAt) {
    await db.enrollment.update({ where: { id: existing.id }, data: { ...change, removedAt: null } });
  }
  return { role: change?.role ?? existing.role };
}

/** The new role of an enrolment and who set it, or null when `input` leaves the role as it is. */
export function roleChange(
  existing: { role: CourseRole; roleSource: EnrollmentSource },
  input: Pick<EnsureEnrollmentInput, "role" | "source" | "lowerOwnRole">,
): { role: CourseRole; roleSource: EnrollmentSource } | null {
  if (input.role === existing.role) return null;
  if (input.role === "STAFF") return { role: "STAFF", roleSource: input.source };
  if (input.lowerOwnRole && existing.roleSource === input.source) {
    return { role: "STUDENT", roleSource: input.source };
  }
  return null;
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
  ONEROSTER: "ONEROSTER",
  CLI: "MANUAL",
};

/** How an enrolment made through `platform` is recorded. */
export function enrollmentSourceFor(platform: Platform): EnrollmentSource {
  return SOURCES[platform];
}
