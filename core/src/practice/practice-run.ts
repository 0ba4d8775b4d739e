import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { PracticeAnswer, PracticeRun, Question, Quiz } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { practiceRunNotFound } from "./practice-errors.ts";

export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** How long a practice transaction may wait and run (PGlite serialises them; a busy server queues). */
export const PRACTICE_TX = { timeout: 30_000, maxWait: 30_000 } as const;

export const runIdSchema = z.uuid();

/** A run with what its replies need: the quiz, its questions in run order and the answers so far. */
export interface LoadedRun {
  run: PracticeRun;
  quiz: Pick<Quiz, "id" | "title" | "topic" | "courseId">;
  questions: Question[];
  answers: Map<string, PracticeAnswer>;
}

/**
 * The run, locked for this transaction (SELECT … FOR UPDATE) so answers, "next" and "retry" of one run
 * apply one at a time. Someone else's run is not found, and the person must still be enrolled.
 */
export async function lockRun(tx: Tx, runId: string, userId: string): Promise<LoadedRun> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "PracticeRun" WHERE id = ${runId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw practiceRunNotFound({ runId });
  return loadRun(tx, runId, userId);
}

/** The run (unlocked) with its quiz, questions and answers; not found for another person's run. */
export async function loadRun(db: Tx | Prisma, runId: string, userId: string): Promise<LoadedRun> {
  const run = await db.practiceRun.findFirst({ where: { id: runId, userId } });
  if (!run) throw practiceRunNotFound({ runId });
  await requireEnrollment(db as Prisma, run.courseId, userId);
  const [quiz, rows, answers] = await Promise.all([
    db.quiz.findUniqueOrThrow({
      where: { id: run.quizId },
      select: { id: true, title: true, topic: true, courseId: true },
    }),
    db.question.findMany({ where: { id: { in: run.questionIds } } }),
    db.practiceAnswer.findMany({ where: { runId } }),
  ]);
  const byId = new Map(rows.map((q) => [q.id, q]));
  // A question deleted since the run began (a quiz edited by staff) drops out of the run's view.
  const questions = run.questionIds.map((id) => byId.get(id)).filter((q): q is Question => !!q);
  return { run, quiz, questions, answers: new Map(answers.map((a) => [a.questionId, a])) };
}

/** The question at `position` of the run, by its stored order; null past the end. */
export function questionAt(loaded: LoadedRun, position: number): Question | null {
  const id = loaded.run.questionIds[position];
  return loaded.questions.find((q) => q.id === id) ?? null;
}

/** A run's score, 0..1: credit earned over its questions. */
export function runScore(run: Pick<PracticeRun, "credit" | "questionIds">): number {
  return run.questionIds.length === 0 ? 0 : run.credit / run.questionIds.length;
}

/** The questions of a run answered less than fully right (or not at all), in run order. */
export function missedQuestionIds(loaded: LoadedRun): string[] {
  return loaded.run.questionIds.filter((id) => !loaded.answers.get(id)?.correct);
}
