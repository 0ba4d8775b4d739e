import type { Prisma } from "../db/open-database.ts";
import { mergeXpEvents } from "../progress/merge-xp-events.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Moves everything of user `fromId` to user `intoId` and deletes `fromId`: identities, enrolments (the
 * higher role wins where both are enrolled), conversations, preferences (kept where `into` has its
 * own), usage logs, uploads, link codes, quiz history (where both played the same game, the
 * account that is kept keeps its own answers) and XP. Used when a person links a second platform
 * account.
 */
export async function mergeUsers(tx: Tx, fromId: string, intoId: string): Promise<void> {
  if (fromId === intoId) return;
  await tx.identity.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  for (const enrollment of await tx.enrollment.findMany({ where: { userId: fromId } })) {
    const target = await tx.enrollment.findUnique({
      where: { courseId_userId: { courseId: enrollment.courseId, userId: intoId } },
    });
    if (!target) {
      await tx.enrollment.update({ where: { id: enrollment.id }, data: { userId: intoId } });
      continue;
    }
    // The higher role wins, with whoever set it (so an LMS can still lower only a role it set).
    const { role, roleSource } = enrollment.role === "STAFF" && target.role !== "STAFF" ? enrollment : target;
    const removedAt = target.removedAt && enrollment.removedAt ? target.removedAt : null;
    await tx.enrollment.update({ where: { id: target.id }, data: { role, roleSource, removedAt } });
    await tx.enrollment.delete({ where: { id: enrollment.id } });
  }
  for (const conversation of await tx.conversation.findMany({ where: { userId: fromId } })) {
    const clash = await tx.conversation.findUnique({
      where: {
        userId_courseId_threadKey: {
          userId: intoId,
          courseId: conversation.courseId,
          threadKey: conversation.threadKey,
        },
      },
    });
    if (clash) {
      await tx.message.updateMany({
        where: { conversationId: conversation.id },
        data: { conversationId: clash.id },
      });
      await tx.conversation.delete({ where: { id: conversation.id } });
    } else {
      await tx.conversation.update({ where: { id: conversation.id }, data: { userId: intoId } });
    }
  }
  const hasOwnPreferences = await tx.learnerPreference.findUnique({ where: { userId: intoId } });
  if (hasOwnPreferences) await tx.learnerPreference.deleteMany({ where: { userId: fromId } });
  else await tx.learnerPreference.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  await tx.usageLog.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  await tx.material.updateMany({ where: { uploadedById: fromId }, data: { uploadedById: intoId } });
  await tx.linkCode.updateMany({ where: { createdById: fromId }, data: { createdById: intoId } });
  await mergeXpEvents(tx, fromId, intoId);
  await mergeQuizHistory(tx, fromId, intoId);
  await tx.user.delete({ where: { id: fromId } });
}

async function mergeQuizHistory(tx: Tx, fromId: string, intoId: string): Promise<void> {
  // Rows of games both accounts played would collide on their unique keys: keep the target's.
  await tx.$executeRaw`
    DELETE FROM "Answer" a USING "Answer" b
    WHERE a."userId" = ${fromId}::uuid AND b."userId" = ${intoId}::uuid
      AND a."sessionId" = b."sessionId" AND a."questionId" = b."questionId"`;
  await tx.$executeRaw`
    DELETE FROM "QuizPlayer" a USING "QuizPlayer" b
    WHERE a."userId" = ${fromId}::uuid AND b."userId" = ${intoId}::uuid AND a."sessionId" = b."sessionId"`;
  await tx.$executeRaw`
    DELETE FROM "QuizResult" a USING "QuizResult" b
    WHERE a."userId" = ${fromId}::uuid AND b."userId" = ${intoId}::uuid AND a."sessionId" = b."sessionId"`;
  await tx.answer.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  await tx.quizPlayer.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  await tx.quizResult.updateMany({ where: { userId: fromId }, data: { userId: intoId } });
  await tx.quiz.updateMany({ where: { createdById: fromId }, data: { createdById: intoId } });
  await tx.quiz.updateMany({ where: { approvedById: fromId }, data: { approvedById: intoId } });
  await tx.quizSession.updateMany({ where: { hostUserId: fromId }, data: { hostUserId: intoId } });
}
