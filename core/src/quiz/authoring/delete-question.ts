import type { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import {
  lockEditableQuiz,
  questionAt,
  questionsInOrder,
  type quizEditInput,
  requireQuizEditor,
  writePositions,
} from "./editable-quiz.ts";

/**
 * Deletes one question (by its 0-based position, and its id when the page knew it) and closes the gap, in one transaction. Staff only.
 * A question someone already answered stays: deleting it would delete their answers and change
 * finished games' scores. Its text can still be edited, or the quiz archived and a new one written.
 * The last question of an approved quiz stays too: an approved quiz is always playable.
 */
export async function deleteQuestion(
  db: Prisma,
  input: z.input<typeof quizEditInput> & { position: number; questionId?: string },
): Promise<{ questions: number }> {
  const { quizId, courseId, userId, platform } = await requireQuizEditor(db, input);
  return db.$transaction(async (tx) => {
    const quiz = await lockEditableQuiz(tx, quizId, courseId);
    const questions = await questionsInOrder(tx, quizId);
    const target = questionAt(questions, input.position, input.questionId);
    if (target._count.answers > 0)
      throw new AppError(ErrorCode.Conflict, "question has answers", {
        userMessage: `Question ${input.position + 1} has been answered, so it stays: deleting it would change finished games' scores. You can still edit its text.`,
      });
    if (quiz.status === "APPROVED" && questions.length === 1)
      throw new AppError(ErrorCode.Conflict, "last question of an approved quiz", {
        userMessage: "This is the quiz's only question. Add another before deleting it.",
      });
    await tx.question.delete({ where: { id: target.id } });
    await writePositions(
      tx,
      quizId,
      questions.filter((q) => q.id !== target.id).map((q) => q.id),
    );
    await recordAudit(tx, {
      action: "quiz.edited",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { change: "deleted", position: input.position, prompt: target.prompt.slice(0, 200) },
    });
    return { questions: questions.length - 1 };
  });
}
