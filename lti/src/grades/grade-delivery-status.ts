import { listQuizTitles, type Prisma } from "@studyhall/core";

/** How a quiz's scores are getting on in the course's LMS gradebooks, for the instructor's page. */
export interface QuizGradeDelivery {
  quizId: string;
  title: string;
  sent: number;
  /** Owed and still being tried (throttled, the LMS down, or not yet run). */
  pending: number;
  /** Refused for good or given up on; `lastError` says why. */
  failed: number;
  /** Why the most recent failed or pending score is not in the gradebook yet. */
  lastError?: string;
  lastSentAt?: Date;
}

/**
 * Per quiz of the course with scores owed to an LMS: how many were sent, are pending or failed, and
 * the latest reason for a score not arriving. Quizzes by title.
 */
export async function gradeDeliveryStatus(db: Prisma, courseId: string): Promise<QuizGradeDelivery[]> {
  const where = { link: { courseId } };
  const [groups, lastSent, problems] = await Promise.all([
    db.ltiScore.groupBy({ by: ["quizId", "status"], where, _count: { _all: true } }),
    db.ltiScore.groupBy({ by: ["quizId"], where: { ...where, status: "SENT" }, _max: { sentAt: true } }),
    db.ltiScore.findMany({
      where: { ...where, status: { in: ["PENDING", "FAILED"] }, lastError: { not: null } },
      orderBy: { updatedAt: "desc" },
      distinct: ["quizId"],
      select: { quizId: true, lastError: true },
    }),
  ]);
  const quizIds = [...new Set(groups.map((g) => g.quizId))];
  if (quizIds.length === 0) return [];
  const quizzes = await listQuizTitles(db, { courseId, quizIds });
  return quizzes
    .map((quiz) => {
      const count = (status: "SENT" | "PENDING" | "FAILED") =>
        groups.find((g) => g.quizId === quiz.id && g.status === status)?._count._all ?? 0;
      const lastError = problems.find((p) => p.quizId === quiz.id)?.lastError;
      const sentAt = lastSent.find((s) => s.quizId === quiz.id)?._max.sentAt;
      return {
        quizId: quiz.id,
        title: quiz.title,
        sent: count("SENT"),
        pending: count("PENDING"),
        failed: count("FAILED"),
        ...(lastError ? { lastError } : {}),
        ...(sentAt ? { lastSentAt: sentAt } : {}),
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}
