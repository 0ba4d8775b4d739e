import type { Prisma } from "../db/open-database.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Moves the XP of user `fromId` to `intoId` when a person links a second account, so linking never
 * costs XP or a streak. Each source still earns once: where both accounts earned for the same source
 * (both read a guide, practised a question the same local day) the kept account's award stays, and
 * where both answered the same question of one game, the answer the quiz-history merge is about to drop
 * takes its XP with it. Stored local days move unchanged. Runs before the quiz history moves.
 */
export async function mergeXpEvents(tx: Tx, fromId: string, intoId: string): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM "XpEvent" a USING "XpEvent" b
    WHERE a."userId" = ${fromId}::uuid AND b."userId" = ${intoId}::uuid
      AND a.kind = b.kind AND a."sourceKey" = b."sourceKey"`;
  await tx.$executeRaw`
    DELETE FROM "XpEvent" x USING "Answer" a, "Answer" b
    WHERE x."userId" = ${fromId}::uuid AND x.kind = 'LIVE_ANSWER' AND x."sourceKey" = a.id::text
      AND a."userId" = ${fromId}::uuid AND b."userId" = ${intoId}::uuid
      AND a."sessionId" = b."sessionId" AND a."questionId" = b."questionId"`;
  await tx.$executeRaw`UPDATE "XpEvent" SET "userId" = ${intoId}::uuid WHERE "userId" = ${fromId}::uuid`;
}
