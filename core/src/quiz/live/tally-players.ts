import type { Prisma } from "../../db/open-database.ts";
import type { PlayerTally } from "../rank-players.ts";
import type { Tx } from "./live-session.ts";

/** Every player's running totals over the session's answers (the leaderboard and the results). */
export async function tallyPlayers(db: Tx | Prisma, sessionId: string): Promise<PlayerTally[]> {
  const rows = await db.$queryRaw<PlayerTally[]>`
    SELECT p."userId", p."displayName", p.team,
           COALESCE(SUM(a.points), 0)::int AS score,
           COUNT(a.id) FILTER (WHERE a.credit >= 1)::int AS correct,
           COUNT(a.id) FILTER (WHERE a.credit > 0 AND a.credit < 1)::int AS partial,
           COUNT(a.id) FILTER (WHERE a.credit <= 0)::int AS incorrect,
           COUNT(a.id)::int AS answered,
           COALESCE(SUM(a."latencyMs"), 0)::float8 AS "totalLatencyMs",
           COALESCE(SUM(a.credit), 0)::float8 AS "creditSum",
           COALESCE(MAX(a.streak), 0)::int AS "bestStreak"
    FROM "QuizPlayer" p
    LEFT JOIN "Answer" a ON a."sessionId" = p."sessionId" AND a."userId" = p."userId"
    WHERE p."sessionId" = ${sessionId}::uuid
    GROUP BY p."userId", p."displayName", p.team`;
  return rows;
}
