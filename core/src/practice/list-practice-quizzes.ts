import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { practiceQuizNotFound } from "./practice-errors.ts";
import { quizRecords, recordOf } from "./practice-standings.ts";

/** An approved quiz as the practice list shows it, with the person's own record (scores 0..1). */
export interface PracticeQuizSummary {
  quizId: string;
  title: string;
  topic: string | null;
  questions: number;
  runs: number;
  best: number | null;
  last: number | null;
}

const listInput = z.object({ actor: actorSchema, courseId: z.uuid() });
const findInput = listInput.extend({ quiz: z.string().trim().min(1).max(300) });

/**
 * The course's approved quizzes that have questions, oldest first (so the numbers people type stay put
 * as new quizzes are approved), each with the person's runs, best and last score.
 */
export async function listPracticeQuizzes(
  db: Prisma,
  input: z.input<typeof listInput>,
): Promise<PracticeQuizSummary[]> {
  const { actor, courseId } = parseUseCaseInput(listInput, input, { courseId: () => practiceQuizNotFound() });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const [quizzes, records] = await Promise.all([
    db.quiz.findMany({
      where: { courseId, status: "APPROVED", questions: { some: {} } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, title: true, topic: true, _count: { select: { questions: true } } },
    }),
    quizRecords(db, { userId, courseId }),
  ]);
  return quizzes.map((q) => {
    const { runs, best, last } = recordOf(records, q.id);
    return { quizId: q.id, title: q.title, topic: q.topic, questions: q._count.questions, runs, best, last };
  });
}

/**
 * One quiz of the practice list: `quiz` is its id, the 1-based number the list shows, or its title
 * (case-insensitive). Drafts, other courses' quizzes and unknown names are all "not available".
 */
export async function findPracticeQuiz(
  db: Prisma,
  input: z.input<typeof findInput>,
): Promise<PracticeQuizSummary> {
  const { quiz, ...rest } = parseUseCaseInput(findInput, input, { courseId: () => practiceQuizNotFound() });
  const list = await listPracticeQuizzes(db, rest);
  const wanted = quiz.toLowerCase();
  const byNumber = /^\d+$/.test(quiz) ? list[Number(quiz) - 1] : undefined;
  const found =
    list.find((q) => q.quizId === wanted) ?? byNumber ?? list.find((q) => q.title.toLowerCase() === wanted);
  if (!found) throw practiceQuizNotFound({ quiz });
  return found;
}
