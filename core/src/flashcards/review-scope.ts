import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { atLocalHour, localParts, nextLocalDate } from "../time/local-time.ts";
import { courseMember } from "./flashcard-access.ts";

/** Whose cards, in which courses: one course, or every course the person is enrolled in. */
export interface ReviewScope {
  userId: string;
  courseIds: string[];
}

/**
 * The person and the courses a review spans. A named course must be one they are enrolled in
 * (forbidden otherwise); null means all their current courses, so a course they left stops showing
 * its cards while their history stays.
 */
export async function reviewScope(db: Prisma, actor: Actor, courseId: string | null): Promise<ReviewScope> {
  if (courseId) {
    const member = await courseMember(db, actor, courseId);
    return { userId: member.userId, courseIds: [courseId] };
  }
  const { userId } = await resolveUser(db, actor);
  const enrollments = await db.enrollment.findMany({
    where: { userId, removedAt: null },
    select: { courseId: true },
  });
  return { userId, courseIds: enrollments.map((e) => e.courseId) };
}

/** [start, end) of the person's calendar day containing `now`, in their time zone. */
export function localDay(now: Date, timeZone: string): { start: Date; end: Date } {
  const p = localParts(now, timeZone);
  const today = { year: p.year, month: p.month, day: p.day };
  return { start: atLocalHour(today, 0, timeZone), end: atLocalHour(nextLocalDate(today), 0, timeZone) };
}

/** A rating or review for a card that is not (or no longer) in the person's queue. */
export function notInQueue(): AppError {
  return new AppError(ErrorCode.NotFound, "card not in the person's review queue", {
    userMessage: "That card is not in your review queue any more: its deck may have been removed.",
  });
}
