import { z } from "zod";
import { requireEnrollment } from "../../courses/enrollments.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { Tx } from "../live/live-session.ts";
import { sessionQuestions } from "../live/live-session.ts";
import { resolveQuizOptions } from "../quiz-options.ts";
import {
  type AttemptResult,
  attemptSpaceId,
  type QuestionToAnswer,
  questionResult,
  questionToAnswer,
} from "./quiz-attempt-view.ts";

export const quizAttemptInput = z.object({ actor: actorSchema, courseId: z.uuid(), quizId: z.uuid() });

export interface QuizToTake {
  quiz: { id: string; title: string; questions: QuestionToAnswer[] };
  /** The person's stored attempt: a quiz is taken once, so this is shown instead of the form. */
  attempt: AttemptResult | null;
}

/**
 * An approved quiz of the course to take in a page, or the person's stored attempt at it. Anyone
 * enrolled may open it; drafts and archived quizzes are "not found".
 */
export async function loadQuizAttempt(
  db: Prisma,
  input: z.input<typeof quizAttemptInput>,
): Promise<QuizToTake> {
  const { actor, courseId, quizId } = parseUseCaseInput(quizAttemptInput, input, { quizId: quizUnavailable });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const { quiz, questions } = await attemptQuestions(db, courseId, quizId);
  const attempt = await findAttempt(db, { courseId, quizId, userId });
  return { quiz: { id: quiz.id, title: quiz.title, questions: questions.map(questionToAnswer) }, attempt };
}

/** The approved quiz and the questions an attempt answers (the quiz's own question count applies). */
export async function attemptQuestions(db: Prisma | Tx, courseId: string, quizId: string) {
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId, status: "APPROVED" },
    include: { course: { select: { quizDefaults: true } } },
  });
  if (!quiz) throw quizUnavailable();
  const options = resolveQuizOptions(quiz.course.quizDefaults, quiz.options);
  const questions = await sessionQuestions(db, { quizId, options });
  return { quiz, options, questions };
}

/** The person's attempt at a quiz in the course's pages, with every question's result, or null. */
export async function findAttempt(
  db: Prisma | Tx,
  input: { courseId: string; quizId: string; userId: string },
): Promise<AttemptResult | null> {
  const result = await db.quizResult.findFirst({
    where: {
      userId: input.userId,
      courseId: input.courseId,
      session: { quizId: input.quizId, spaceId: attemptSpaceId(input.courseId), state: "FINISHED" },
    },
    orderBy: { createdAt: "asc" },
    include: { session: { include: { quiz: { select: { title: true } } } } },
  });
  if (!result) return null;
  // Blank questions have no answer row: the session's question index says how many were asked.
  const [answers, asked] = await Promise.all([
    db.answer.findMany({ where: { sessionId: result.sessionId, userId: input.userId } }),
    db.question.findMany({
      where: { quizId: input.quizId },
      orderBy: { position: "asc" },
      take: result.session.questionIndex + 1,
    }),
  ]);
  const byId = new Map(answers.map((a) => [a.questionId, a]));
  return {
    sessionId: result.sessionId,
    resultId: result.id,
    quizTitle: result.session.quiz.title,
    accuracy: result.accuracy,
    correctCount: result.correctCount,
    partialCount: result.partialCount,
    incorrectCount: result.incorrectCount,
    unanswered: result.unanswered,
    submittedAt: result.createdAt,
    questions: asked.map((q) => questionResult(q, byId.get(q.id))),
  };
}

/** The person's attempts in the course's pages: quiz id → accuracy (0..1), for the quiz list. */
export async function listMyAttempts(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; courseId: string },
): Promise<Map<string, number>> {
  const { actor, courseId } = quizAttemptInput.pick({ actor: true, courseId: true }).parse(input);
  const { userId } = await resolveUser(db, actor);
  const results = await db.quizResult.findMany({
    where: { userId, courseId, session: { spaceId: attemptSpaceId(courseId), state: "FINISHED" } },
    orderBy: { createdAt: "desc" },
    select: { accuracy: true, session: { select: { quizId: true } } },
  });
  return new Map(results.map((r) => [r.session.quizId, r.accuracy]));
}

/** An unknown, malformed or unapproved quiz id, or another course's: all look the same to the person. */
export function quizUnavailable(): AppError {
  return new AppError(ErrorCode.NotFound, "no approved quiz", {
    userMessage: "That quiz is not available in this course.",
  });
}
