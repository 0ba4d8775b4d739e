import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { findCourse } from "../courses/find-course.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Tx } from "../quiz/live/live-session.ts";
import { pruneIdleStandIns } from "./anonymise-quiz-history.ts";
import type { DeletePersonDeps } from "./delete-person.ts";
import { authoriseRequester, privacyRequesterSchema } from "./privacy-requester.ts";

export const deleteCourseInput = z.object({
  requester: privacyRequesterSchema,
  /** The course's slug or id. */
  course: z.string().trim().min(1).max(200),
  /**
   * The course's name as the person typed it to confirm. Required of course staff (chat and LMS ask for
   * it); the CLI confirms with --yes instead.
   */
  confirmName: z.string().max(400).optional(),
});

export interface DeletedCourse {
  slug: string;
  enrolments: number;
  materials: number;
  quizSessions: number;
  /** Unfinished jobs of the course (quiz timers, grade deliveries, roster syncs) cancelled. */
  jobs: number;
  erased: Record<string, number>;
}

/**
 * Deletes a course and everything in it, in one transaction: enrolments, chat spaces, materials and
 * their passages, conversations and messages, usage logs, budgets, link codes, quizzes with their
 * sessions, answers and results, LMS links with their line items and owed scores, its audit entries,
 * its pending jobs, and the front ends' own rows about it. People stay (they may be in other courses);
 * anonymous stand-ins left holding nothing are removed. Operators, or the course's own staff when they
 * type its name to confirm (matched ignoring case and surrounding spaces).
 */
export async function deleteCourse(
  input: z.input<typeof deleteCourseInput>,
  deps: DeletePersonDeps,
): Promise<DeletedCourse> {
  const parsed = deleteCourseInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed course deletion request", {
      userMessage: "That deletion request is not valid: name one course.",
    });
  }
  const { db } = deps;
  const requester = await authoriseRequester(db, parsed.data.requester);
  const course = await findCourse(db, parsed.data.course);
  if (requester.scope.kind === "course")
    requireStaffConfirmation(requester.scope.courseId, course, parsed.data);
  const result = await db.$transaction(
    async (tx) => {
      const counts = await deleteCourseRows(tx, course.id, deps);
      await recordAudit(tx, {
        action: "course.deleted",
        actorId: requester.userId,
        actorPlatform: requester.platform,
        targetType: "course",
        details: { slug: course.slug, name: course.name.slice(0, 200) },
      });
      return { slug: course.slug, ...counts };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  deps.logger.info(
    { courseId: course.id, by: requester.userId, ...result, erased: undefined },
    "course deleted",
  );
  return result;
}

/**
 * Staff delete only their own course, and only with its name typed: a deletion cannot be undone, so a
 * click or a slip of the command line is not enough.
 */
function requireStaffConfirmation(
  staffCourseId: string,
  course: { id: string; name: string },
  input: { confirmName?: string | undefined },
): void {
  if (course.id !== staffCourseId) {
    throw new AppError(ErrorCode.Forbidden, "staff deleting another course", {
      userMessage: "You can only delete a course you teach.",
    });
  }
  const typed = input.confirmName?.trim().toLowerCase();
  if (typed !== course.name.trim().toLowerCase()) {
    throw new AppError(ErrorCode.InvalidInput, "course deletion not confirmed", {
      userMessage: typed
        ? `Nothing was deleted: "${input.confirmName?.trim()}" is not this course's name. Type "${course.name}" exactly to delete it.`
        : `Nothing was deleted: type the course's name, "${course.name}", to confirm.`,
    });
  }
}

async function deleteCourseRows(tx: Tx, courseId: string, deps: DeletePersonDeps) {
  const [enrolments, materials, sessions, links] = await Promise.all([
    tx.enrollment.count({ where: { courseId } }),
    tx.material.count({ where: { courseId } }),
    tx.quizSession.findMany({ where: { courseId }, select: { id: true } }),
    tx.ltiCourseLink.findMany({ where: { courseId }, select: { id: true } }),
  ]);
  const sessionIds = sessions.map((s) => s.id);
  const linkIds = links.map((l) => l.id);
  // Jobs name what they work on in their payload: a session (timers, grades) or an LMS link (roster).
  const jobs = await tx.$executeRaw`
    DELETE FROM "ScheduledJob"
    WHERE "payload"->>'sessionId' = ANY(${sessionIds}::text[])
       OR "payload"->>'linkId' = ANY(${linkIds}::text[])
       OR "payload"->>'courseId' = ${courseId}`;
  const erased: Record<string, number> = {};
  for (const eraser of deps.erasers ?? []) {
    if (eraser.eraseCourse) erased[eraser.name] = await eraser.eraseCourse(tx, { id: courseId });
  }
  // Everything else in the course goes with it (ON DELETE CASCADE, see prisma/schema.prisma).
  await tx.course.delete({ where: { id: courseId } });
  await pruneIdleStandIns(tx);
  return { enrolments, materials, quizSessions: sessions.length, jobs, erased };
}
