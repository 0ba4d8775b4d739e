import type { QuizStatus } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";

/** A quiz as a picker or a link to it shows it. */
export interface QuizListing {
  id: string;
  title: string;
  status: QuizStatus;
  questions: number;
}

const LISTING = { id: true, title: true, status: true, _count: { select: { questions: true } } } as const;

function listing(q: { id: string; title: string; status: QuizStatus; _count: { questions: number } }) {
  return { id: q.id, title: q.title, status: q.status, questions: q._count.questions };
}

/** The quiz with this id if it belongs to the course, else null (another course's quiz is unknown). */
export async function findCourseQuiz(
  db: Prisma,
  input: { courseId: string; quizId: string },
): Promise<QuizListing | null> {
  const quiz = await db.quiz.findFirst({
    where: { id: input.quizId, courseId: input.courseId },
    select: LISTING,
  });
  return quiz ? listing(quiz) : null;
}

/**
 * A course's approved quizzes, newest first (at most `limit`); with `quizIds`, only those of them,
 * so a front end can check that what someone picked is still approved and in the course.
 */
export async function listApprovedQuizzes(
  db: Prisma,
  input: { courseId: string; quizIds?: string[]; limit?: number },
): Promise<QuizListing[]> {
  const quizzes = await db.quiz.findMany({
    where: {
      courseId: input.courseId,
      status: "APPROVED",
      ...(input.quizIds ? { id: { in: input.quizIds } } : {}),
    },
    orderBy: { createdAt: "desc" },
    ...(input.limit ? { take: input.limit } : {}),
    select: LISTING,
  });
  return quizzes.map(listing);
}

/** The titles of these quizzes of the course (ids of other courses are left out). */
export async function listQuizTitles(
  db: Prisma,
  input: { courseId: string; quizIds: string[] },
): Promise<Array<{ id: string; title: string }>> {
  if (input.quizIds.length === 0) return [];
  return db.quiz.findMany({
    where: { id: { in: input.quizIds }, courseId: input.courseId },
    select: { id: true, title: true },
  });
}
