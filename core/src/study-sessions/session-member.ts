import type { CourseRole } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { enterSpace } from "../spaces/enter-space.ts";
import { findSpaceCourse } from "../spaces/find-space-course.ts";
import { chooseStudyCourse, type StudyPlace } from "../study/choose-study-course.ts";

/**
 * Where a session command comes from; `platformStaff` as the chat platform says (see enterSpace), and
 * `timeZoneHint`, the platform's own idea of the person's zone (Slack's profile), used for someone who
 * never chose one.
 */
export type SessionPlace = StudyPlace & { platformStaff?: boolean; timeZoneHint?: string };

/** The person and their place in the course a session command is about. */
export interface SessionMember {
  userId: string;
  courseId: string;
  role: CourseRole;
}

/**
 * The course of a session command and the person's role in it. In a linked chat channel, taking part
 * is joining (as enterSpace decides for every chat command); elsewhere the course is chosen as for the
 * study tools, and someone not enrolled is refused.
 */
export async function sessionMember(db: Prisma, place: SessionPlace): Promise<SessionMember> {
  if (place.space && !place.courseId && (await findSpaceCourse(db, place.space))) {
    const member = await enterSpace(db, {
      actor: place.actor,
      space: place.space,
      platformStaff: place.platformStaff ?? false,
    });
    return { userId: member.userId, courseId: member.course.id, role: member.role };
  }
  const chosen = await chooseStudyCourse(db, place, { span: false });
  const { userId } = await resolveUser(db, place.actor);
  if (!chosen?.role) throw notMember();
  return { userId, courseId: chosen.courseId, role: chosen.role };
}

/** The role of a person in a given course, refusing someone not (or no longer) enrolled. */
export async function memberOfCourse(
  db: Prisma,
  place: SessionPlace,
  courseId: string,
): Promise<SessionMember> {
  if (place.space) {
    const course = await findSpaceCourse(db, place.space);
    if (course?.id === courseId) return sessionMember(db, place);
  }
  const { userId } = await resolveUser(db, place.actor);
  const enrollment = await db.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } } });
  if (!enrollment || enrollment.removedAt) throw notMember();
  return { userId, courseId, role: enrollment.role };
}

function notMember(): AppError {
  return new AppError(ErrorCode.Forbidden, "not a member of the session's course", {
    userMessage: "You are not a member of this course, so its study sessions are not open to you.",
  });
}
