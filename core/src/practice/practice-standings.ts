import type { Prisma } from "../db/open-database.ts";
import { runScore, type Tx } from "./practice-run.ts";

/** One quiz's record for one person: finished whole-quiz runs, best and last score (0..1). */
export interface QuizRecord {
  runs: number;
  best: number | null;
  last: number | null;
  lastAt: Date | null;
}

const EMPTY: QuizRecord = { runs: 0, best: null, last: null, lastAt: null };

/**
 * Each quiz's record from the person's finished FULL runs in the course. Retries of missed questions
 * are left out on purpose: 2 of 2 missed questions right is not a 100% on the quiz.
 */
export async function quizRecords(
  db: Prisma | Tx,
  input: { userId: string; courseId: string; quizIds?: string[] },
): Promise<Map<string, QuizRecord>> {
  const runs = await db.practiceRun.findMany({
    where: {
      userId: input.userId,
      courseId: input.courseId,
      mode: "FULL",
      finishedAt: { not: null },
      ...(input.quizIds ? { quizId: { in: input.quizIds } } : {}),
    },
    select: { quizId: true, credit: true, questionIds: true, finishedAt: true },
    orderBy: { finishedAt: "asc" },
  });
  const records = new Map<string, QuizRecord>();
  for (const run of runs) {
    const score = runScore(run);
    const record = records.get(run.quizId) ?? { ...EMPTY };
    records.set(run.quizId, {
      runs: record.runs + 1,
      best: Math.max(record.best ?? 0, score),
      last: score,
      lastAt: run.finishedAt,
    });
  }
  return records;
}

/** The record of one quiz (empty when never finished). */
export function recordOf(records: Map<string, QuizRecord>, quizId: string): QuizRecord {
  return records.get(quizId) ?? EMPTY;
}
