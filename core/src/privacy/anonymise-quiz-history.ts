import { randomUUID } from "node:crypto";
import type { Tx } from "../quiz/live/live-session.ts";

/** The name a deleted person's answers and results carry in finished games. */
export const DELETED_PERSON_NAME = "Deleted student";

/**
 * Detaches a person from every quiz session they played or hosted, before their user is deleted.
 * Finished games keep their answers and results (points, ranks, streaks) under an anonymous stand-in,
 * so leaderboards and course statistics do not change; each session gets its own stand-in, so the
 * games of one deleted person cannot be linked to one another. A typed answer's text is cleared (it
 * may say who wrote it); its grade stays. Unfinished games simply lose the person's answers. Sessions
 * they hosted get the stand-in as host (a host's deletion would otherwise delete the whole game).
 */
export async function anonymiseQuizHistory(tx: Tx, userId: string): Promise<{ sessions: number }> {
  const sessions = await tx.$queryRaw<Array<{ id: string; finished: boolean; hosted: boolean }>>`
    SELECT s."id", s."state" = 'FINISHED' AS "finished", s."hostUserId" = ${userId}::uuid AS "hosted"
    FROM "QuizSession" s
    WHERE s."hostUserId" = ${userId}::uuid
       OR EXISTS (SELECT 1 FROM "QuizPlayer" p WHERE p."sessionId" = s."id" AND p."userId" = ${userId}::uuid)
       OR EXISTS (SELECT 1 FROM "Answer" a WHERE a."sessionId" = s."id" AND a."userId" = ${userId}::uuid)
       OR EXISTS (SELECT 1 FROM "QuizResult" r WHERE r."sessionId" = s."id" AND r."userId" = ${userId}::uuid)
    ORDER BY s."id"`;
  if (sessions.length === 0) return { sessions: 0 };
  const unfinished = sessions.filter((s) => !s.finished).map((s) => s.id);
  if (unfinished.length > 0) {
    await tx.answer.deleteMany({ where: { userId, sessionId: { in: unfinished } } });
    await tx.quizPlayer.deleteMany({ where: { userId, sessionId: { in: unfinished } } });
  }
  const kept = sessions.filter((s) => s.finished || s.hosted);
  if (kept.length === 0) return { sessions: 0 };
  const sessionIds = kept.map((s) => s.id);
  const standIns = kept.map(() => randomUUID());
  await tx.user.createMany({
    data: standIns.map((id) => ({ id, displayName: DELETED_PERSON_NAME, anonymous: true })),
  });
  await tx.$executeRaw`
    UPDATE "Answer" a SET "userId" = m."standIn", "text" = NULL
    FROM unnest(${sessionIds}::uuid[], ${standIns}::uuid[]) AS m("sessionId", "standIn")
    WHERE a."sessionId" = m."sessionId" AND a."userId" = ${userId}::uuid`;
  await tx.$executeRaw`
    UPDATE "QuizPlayer" p SET "userId" = m."standIn", "displayName" = ${DELETED_PERSON_NAME}
    FROM unnest(${sessionIds}::uuid[], ${standIns}::uuid[]) AS m("sessionId", "standIn")
    WHERE p."sessionId" = m."sessionId" AND p."userId" = ${userId}::uuid`;
  await tx.$executeRaw`
    UPDATE "QuizResult" r SET "userId" = m."standIn", "displayName" = ${DELETED_PERSON_NAME}
    FROM unnest(${sessionIds}::uuid[], ${standIns}::uuid[]) AS m("sessionId", "standIn")
    WHERE r."sessionId" = m."sessionId" AND r."userId" = ${userId}::uuid`;
  await tx.$executeRaw`
    UPDATE "QuizSession" s SET "hostUserId" = m."standIn"
    FROM unnest(${sessionIds}::uuid[], ${standIns}::uuid[]) AS m("sessionId", "standIn")
    WHERE s."id" = m."sessionId" AND s."hostUserId" = ${userId}::uuid`;
  return { sessions: kept.length };
}

/**
 * Deletes stand-ins left with nothing to hold (their only game was in a deleted course), so deleting
 * a course leaves no empty users behind.
 */
export async function pruneIdleStandIns(tx: Tx): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM "User" u WHERE u."anonymous"
      AND NOT EXISTS (SELECT 1 FROM "QuizResult" r WHERE r."userId" = u."id")
      AND NOT EXISTS (SELECT 1 FROM "QuizPlayer" p WHERE p."userId" = u."id")
      AND NOT EXISTS (SELECT 1 FROM "Answer" a WHERE a."userId" = u."id")
      AND NOT EXISTS (SELECT 1 FROM "QuizSession" s WHERE s."hostUserId" = u."id")`;
}
