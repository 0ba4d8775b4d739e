import type { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Tx } from "../live/live-session.ts";
import {
  lockEditableQuiz,
  questionAt,
  questionsInOrder,
  type quizEditInput,
  requireQuizEditor,
  writePositions,
} from "./editable-quiz.ts";

type EditInput = z.input<typeof quizEditInput>;

/**
 * Moves one question (0-based position, and its id when the page knew it) one place up or down. See
 * {@link reorderQuestions}.
 */
export async function moveQuestion(
  db: Prisma,
  input: EditInput & { position: number; direction: "up" | "down"; questionId?: string },
): Promise<{ position: number }> {
  const editor = await requireQuizEditor(db, input);
  return db.$transaction(async (tx) => {
    await lockEditableQuiz(tx, editor.quizId, editor.courseId);
    const questions = await questionsInOrder(tx, editor.quizId);
    questionAt(questions, input.position, input.questionId);
    const ids = questions.map((q) => q.id);
    const from = input.position;
    const to = input.direction === "up" ? from - 1 : from + 1;
    if (!ids[to])
      throw new AppError(ErrorCode.InvalidInput, "question cannot move further", {
        userMessage: `Question ${from + 1} is already the ${input.direction === "up" ? "first" : "last"}.`,
      });
    [ids[from], ids[to]] = [ids[to], ids[from]] as [string, string];
    await applyOrder(tx, editor, ids);
    return { position: to };
  });
}

/**
 * Puts a quiz's questions in a new order (every question's id once), positions 0..n-1 without gaps, in
 * one transaction. Staff only; refused while the quiz is played. Once anyone has answered the quiz
 * its order is fixed: finished games' reports and exports number questions by position.
 */
export async function reorderQuestions(
  db: Prisma,
  input: EditInput & { questionIds: string[] },
): Promise<void> {
  const editor = await requireQuizEditor(db, input);
  await db.$transaction(async (tx) => {
    await lockEditableQuiz(tx, editor.quizId, editor.courseId);
    const current = (await questionsInOrder(tx, editor.quizId)).map((q) => q.id);
    const wanted = input.questionIds;
    if (
      wanted.length !== current.length ||
      new Set(wanted).size !== wanted.length ||
      !wanted.every((id) => current.includes(id))
    )
      throw new AppError(ErrorCode.InvalidInput, "order does not name every question once", {
        userMessage: "The new order must list every question of the quiz once. Reload and try again.",
      });
    await applyOrder(tx, editor, wanted);
  });
}

async function applyOrder(
  tx: Tx,
  editor: Awaited<ReturnType<typeof requireQuizEditor>>,
  ids: string[],
): Promise<void> {
  const answered = await tx.answer.count({ where: { question: { quizId: editor.quizId } } });
  if (answered)
    throw new AppError(ErrorCode.Conflict, "quiz has answers", {
      userMessage:
        "This quiz has been played, so its questions keep their order: results and exports number them by it. You can still edit their text or add questions at the end.",
    });
  await writePositions(tx, editor.quizId, ids);
  await recordAudit(tx, {
    action: "quiz.edited",
    courseId: editor.courseId,
    actorId: editor.userId,
    actorPlatform: editor.platform,
    targetType: "quiz",
    targetId: editor.quizId,
    details: { change: "reordered", questions: ids.length },
  });
}
