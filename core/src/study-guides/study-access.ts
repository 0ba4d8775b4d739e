import type { Course, CourseRole } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export interface StudyMember {
  userId: string;
  role: CourseRole;
  course: Course;
}

/** The one refusal for a course the person cannot see: the same whether it exists or not. */
export function courseNotFound(courseId: string): AppError {
  return new AppError(ErrorCode.NotFound, "course not found or not a member", {
    userMessage: "That course was not found, or you are not a member of it.",
    details: { courseId },
  });
}

/**
 * The person behind `actor` as an active member of the course. Someone outside the course is told
 * "not found", as for a course that does not exist, so guides and prompts of other courses do not
 * show they exist.
 */
export async function studyMember(db: Prisma, actor: Actor, courseId: string): Promise<StudyMember> {
  const course = await db.course.findUnique({ where: { id: courseId } });
  if (!course) throw courseNotFound(courseId);
  const { userId } = await resolveUser(db, actor);
  const enrollment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId, userId } },
    select: { role: true, removedAt: true },
  });
  if (!enrollment || enrollment.removedAt) throw courseNotFound(courseId);
  return { userId, role: enrollment.role, course };
}

/** Like {@link studyMember}, for staff only (members who are not staff are told so). */
export async function studyStaff(db: Prisma, actor: Actor, courseId: string): Promise<StudyMember> {
  const member = await studyMember(db, actor, courseId);
  if (member.role !== "STAFF")
    throw new AppError(ErrorCode.Forbidden, "actor is not course staff", {
      userMessage: "Only course staff can do that.",
      details: { courseId, userId: member.userId },
    });
  return member;
}
