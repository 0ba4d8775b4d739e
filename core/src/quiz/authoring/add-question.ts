import type { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { questionColumns } from "../question-input.ts";
import { MAX_QUIZ_QUESTIONS } from "./create-quiz.ts";
import { lockEditableQuiz, type quizEditInput, requireQuizEditor } from "./editable-quiz.ts";
import { questionProblemsText, validateQuestion } from "./question-problems.ts";

/**
 * Adds a question at the end of a draft or approved quiz. Staff only. Allowed after games were
 * played: it changes none of the questions anyone answered, so earlier results stay whole. Refused
 * while the quiz is being played. Returns the new question's position (0-based; pages show it + 1).
 */
export async function addQuestion(
  db: Prisma,
  input: z.input<typeof quizEditInput> & { question: unknown },
): Promise<{ position: number }> {
  const { quizId, courseId, userId, platform } = await requireQuizEditor(db, input);
  return db.$transaction(async (tx) => {
    await lockEditableQuiz(tx, quizId, courseId);
    const count = await tx.question.count({ where: { quizId } });
    const checked = validateQuestion(input.question);
    if (checked.problems)
      throw new AppError(ErrorCode.InvalidInput, "invalid question", {
        userMessage: questionProblemsText(checked.problems, count + 1),
        details: { fields: checked.problems.map((p) => p.field).join(",") },
      });
    if (count >= MAX_QUIZ_QUESTIONS)
      throw new AppError(ErrorCode.Conflict, "quiz is full", {
        userMessage: `A quiz holds at most ${MAX_QUIZ_QUESTIONS} questions.`,
      });
    await tx.question.create({ data: { quizId, position: count, ...questionColumns(checked.question) } });
    await recordAudit(tx, {
      action: "quiz.edited",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { change: "added", position: count },
    });
    return { position: count };
  });
}
