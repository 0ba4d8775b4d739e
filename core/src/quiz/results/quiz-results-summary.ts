import { z } from "zod";
import { requireStaff } from "../../courses/enrollments.ts";
import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";

const quizResultsInput = z.object({ actor: actorSchema, courseId: z.uuid(), quizId: z.uuid() });

export interface QuestionCorrectRate {
  position: number;
  prompt: string;
  /** Answers given (blank questions are not answers). */
  answered: number;
  /** Sum of credit: a half-right multiple select counts half. */
  credit: number;
  /** Everyone who was asked the question (answered or not). */
  asked: number;
  /** 0..1 of `asked`, or null when nobody was asked yet. */
  rate: number | null;
}

export interface QuizResultsSummary {
  quiz: { id: string; title: string; status: "DRAFT" | "APPROVED" | "ARCHIVED" };
  questions: QuestionCorrectRate[];
  /** One line per result, newest first: who, where (the session's platform), accuracy. */
  results: Array<{
    displayName: string;
    platform: Platform;
    accuracy: number;
    correctCount: number;
    finishedAt: Date;
  }>;
}

/**
 * What staff see of one quiz: every finished play (live games in chat and attempts in LMS pages) with
 * the share of credit earned per question, out of everyone who was asked it. Staff only.
 */
export async function quizResultsSummary(
  db: Prisma,
  input: z.input<typeof quizResultsInput>,
): Promise<QuizResultsSummary> {
  const { actor, courseId, quizId } = parseUseCaseInput(quizResultsInput, input, { quizId: quizNotFound });
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  if (!quiz) throw quizNotFound();
  const sessions = await db.quizSession.findMany({
    where: { quizId, courseId, state: "FINISHED" },
    select: {
      id: true,
      platform: true,
      questionIndex: true,
      endedAt: true,
      results: { select: { displayName: true, accuracy: true, correctCount: true, createdAt: true } },
    },
  });
  const credits = await db.answer.groupBy({
    by: ["questionId"],
    where: { sessionId: { in: sessions.map((s) => s.id) } },
    _count: { _all: true },
    _sum: { credit: true },
  });
  const byQuestion = new Map(credits.map((c) => [c.questionId, c]));
  const questions = quiz.questions.map((q, index): QuestionCorrectRate => {
    // A player of a session that reached this question was asked it.
    const asked = sessions
      .filter((s) => s.questionIndex >= index)
      .reduce((sum, s) => sum + s.results.length, 0);
    const row = byQuestion.get(q.id);
    const credit = row?._sum.credit ?? 0;
    return {
      position: q.position,
      prompt: q.prompt,
      answered: row?._count._all ?? 0,
      credit,
      asked,
      rate: asked ? credit / asked : null,
    };
  });
  const results = sessions
    .flatMap((s) =>
      s.results.map((r) => ({
        displayName: r.displayName,
        platform: s.platform,
        accuracy: r.accuracy,
        correctCount: r.correctCount,
        finishedAt: s.endedAt ?? r.createdAt,
      })),
    )
    .sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime());
  return { quiz: { id: quiz.id, title: quiz.title, status: quiz.status }, questions, results };
}

function quizNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such quiz in course", {
    userMessage: "That quiz is not in this course.",
  });
}
