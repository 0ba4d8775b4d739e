import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const recordFeedbackInput = z.object({
  actor: actorSchema,
  messageId: z.string().uuid(),
  vote: z.union([z.literal(1), z.literal(-1)]),
});

/** Stores a 👍/👎 on a tutor answer. Only the person who asked may vote; a second vote replaces the first. */
export async function recordFeedback(db: Prisma, input: z.input<typeof recordFeedbackInput>): Promise<void> {
  const { actor, messageId, vote } = parseUseCaseInput(recordFeedbackInput, input, { messageId: answerGone });
  const { userId } = await resolveUser(db, actor);
  const message = await db.message.findUnique({ where: { id: messageId }, include: { conversation: true } });
  if (message?.role !== "ASSISTANT") throw answerGone();
  if (message.conversation.userId !== userId) {
    throw new AppError(ErrorCode.Forbidden, "vote on someone else's answer", {
      userMessage: "Only the person who asked can rate this answer.",
    });
  }
  await db.message.update({ where: { id: messageId }, data: { feedback: vote } });
}

function answerGone(): AppError {
  return new AppError(ErrorCode.NotFound, "no such answer", {
    userMessage: "That answer no longer exists.",
  });
}
