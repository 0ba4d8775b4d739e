import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Actor } from "../../people/actor.ts";
import { readChatQuiz } from "./chat-quiz-lines.ts";
import { createQuiz } from "./create-quiz.ts";

/**
 * Saves a quiz written in a chat form (see {@link readChatQuiz}) ready to play: staff wrote it, so
 * `quiz start` can host it at once. Staff only. A form with problems is refused with all of them in
 * one message and nothing saved; front ends that can show a problem beside its box call
 * `readChatQuiz` first.
 */
export async function writeChatQuiz(
  db: Prisma,
  input: { actor: Actor; courseId: string; title: string; lines: string[] },
): Promise<{ quizId: string; title: string; questions: number }> {
  const read = readChatQuiz(input);
  if (read.problems)
    throw new AppError(ErrorCode.InvalidInput, "invalid chat quiz", {
      userMessage: read.problems.map((p) => p.message).join("\n"),
    });
  const quiz = await createQuiz(db, {
    actor: input.actor,
    courseId: input.courseId,
    title: read.title,
    questions: read.questions,
    approved: true,
  });
  return { quizId: quiz.quizId, title: quiz.title, questions: quiz.questions };
}
