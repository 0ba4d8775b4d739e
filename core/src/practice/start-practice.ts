import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import { practiceQuizNotFound, practiceRunNotFound } from "./practice-errors.ts";
import { practiceQuestionReply } from "./practice-replies.ts";
import { loadRun, lockRun, missedQuestionIds, PRACTICE_TX, questionAt } from "./practice-run.ts";

/** The clock a student may choose, per question. */
export const PRACTICE_CLOCK = { minSec: 5, maxSec: 600 } as const;

const startInput = z.object({
  actor: actorSchema,
  quizId: z.uuid(),
  timeLimitSec: z.number().int().nullish(),
  now: z.date(),
});

const retryInput = z.object({ actor: actorSchema, runId: z.uuid(), now: z.date() });

/**
 * Starts a solo run of every question of an approved quiz in a course the person is enrolled in, and
 * returns its first question. `timeLimitSec` (5..600 seconds per question) is a clock the student chose;
 * without it the run is self-paced. Nothing of a run ever reaches a gradebook.
 */
export async function startPractice(db: Prisma, input: z.input<typeof startInput>): Promise<Reply> {
  const { actor, quizId, timeLimitSec, now } = parseUseCaseInput(startInput, input, {
    quizId: () => practiceQuizNotFound(),
  });
  if (timeLimitSec != null && (timeLimitSec < PRACTICE_CLOCK.minSec || timeLimitSec > PRACTICE_CLOCK.maxSec))
    throw new AppError(ErrorCode.InvalidInput, "practice clock out of range", {
      userMessage: `A practice clock is ${PRACTICE_CLOCK.minSec} to ${PRACTICE_CLOCK.maxSec} seconds per question; ${timeLimitSec} is outside that.`,
      details: { timeLimitSec },
    });
  const { userId } = await resolveUser(db, actor);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, status: "APPROVED" },
    select: { id: true, courseId: true, questions: { select: { id: true }, orderBy: { position: "asc" } } },
  });
  if (!quiz || quiz.questions.length === 0) throw practiceQuizNotFound({ quizId });
  try {
    await requireEnrollment(db, quiz.courseId, userId);
  } catch {
    // Another course's quiz is unknown here, not forbidden: its id tells nothing.
    throw practiceQuizNotFound({ quizId });
  }
  await requireOpenCourseById(db, quiz.courseId);
  const run = await db.practiceRun.create({
    data: {
      courseId: quiz.courseId,
      quizId,
      userId,
      platform: actor.platform,
      mode: "FULL",
      questionIds: quiz.questions.map((q) => q.id),
      timeLimitSec: timeLimitSec ?? null,
      questionShownAt: now,
      startedAt: now,
    },
  });
  return currentQuestion(db, run.id, userId);
}

async function currentQuestion(db: Prisma, runId: string, userId: string): Promise<Reply> {
  const loaded = await loadRun(db, runId, userId);
  const question = questionAt(loaded, loaded.run.position);
  if (!question) throw practiceRunNotFound({ runId });
  return practiceQuestionReply(loaded, question);
}

/**
 * A new run (RETRY_MISSED) of only the questions missed in a finished run, with the same clock. A
 * second click while that retry is still going shows where it is instead of starting another.
 */
export async function retryMissed(db: Prisma, input: z.input<typeof retryInput>): Promise<Reply> {
  const { actor, runId, now } = parseUseCaseInput(retryInput, input, { runId: () => practiceRunNotFound() });
  const { userId } = await resolveUser(db, actor);
  const retryId = await db.$transaction(async (tx) => {
    const source = await lockRun(tx, runId, userId);
    const missed = missedQuestionIds(source);
    if (!source.run.finishedAt || missed.length === 0)
      throw new AppError(ErrorCode.Conflict, "nothing to retry", {
        userMessage: source.run.finishedAt
          ? "You missed nothing in that run, so there is nothing to retry."
          : "Finish this practice run first; then you can retry the questions you missed.",
        details: { runId },
      });
    const open = await tx.practiceRun.findFirst({ where: { retryOfId: runId, finishedAt: null } });
    if (open) return open.id;
    const retry = await tx.practiceRun.create({
      data: {
        courseId: source.run.courseId,
        quizId: source.run.quizId,
        userId,
        platform: actor.platform,
        mode: "RETRY_MISSED",
        retryOfId: runId,
        questionIds: missed,
        timeLimitSec: source.run.timeLimitSec,
        questionShownAt: now,
        startedAt: now,
      },
    });
    return retry.id;
  }, PRACTICE_TX);
  return currentQuestion(db, retryId, userId);
}
