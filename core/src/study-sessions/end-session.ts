import type { Prisma } from "../db/open-database.ts";
import { utcTimestamp } from "../jobs/job-sql.ts";
import { awardXp } from "../progress/award-xp.ts";
import { namedPersonSelect, progressName } from "../progress/person-progress.ts";
import { xpFor } from "../progress/xp-rules.ts";
import type { SessionSummary } from "./session-view.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** Most-missed questions the summary names, and the top of the quiz it shows. */
const REVIEW_SHOWN = 3;
const TOP_SHOWN = 3;

/**
 * Ends a session once (only from SCHEDULED or OPEN): records what people did while it ran (answers in
 * its course's live games and practice: ANSWERED; card reviews in its course: REVIEWED; "I'm here" was
 * recorded as JOINED when pressed), gives every attendee SESSION_ATTENDED XP (once per session by the
 * ledger's key), and writes the summary. Returns the summary, or null when the session had already
 * ended or was cancelled.
 */
export async function endStudySession(
  db: Prisma,
  sessionId: string,
  now: Date,
): Promise<SessionSummary | null> {
  return db.$transaction(async (tx) => {
    const session = await tx.studySession.findUniqueOrThrow({ where: { id: sessionId } });
    const claimed = await tx.studySession.updateMany({
      where: { id: sessionId, status: { in: ["SCHEDULED", "OPEN"] } },
      data: { status: "ENDED", endedAt: now },
    });
    if (claimed.count === 0) return null;
    await recordActivity(tx, session);
    const attendance = await tx.studySessionAttendance.findMany({
      where: { sessionId, user: { anonymous: false } },
      distinct: ["userId"],
      orderBy: [{ userId: "asc" }],
      select: { userId: true, user: { select: namedPersonSelect } },
    });
    await awardXp(
      tx,
      attendance.map((a) => ({
        userId: a.userId,
        courseId: session.courseId,
        kind: "SESSION_ATTENDED" as const,
        sourceKey: sessionId,
        points: xpFor("SESSION_ATTENDED"),
        occurredAt: now,
      })),
    );
    const summary: SessionSummary = {
      attendees: attendance
        .map((a) => ({ userId: a.userId, name: progressName(a.user) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      quiz: session.quizSessionId ? await quizSummary(tx, session.quizSessionId) : null,
      review: session.quizSessionId ? await mostMissed(tx, session.quizSessionId) : [],
    };
    await tx.studySession.update({ where: { id: sessionId }, data: { summary: summary as object } });
    return summary;
  });
}

/** Answers and reviews in the session's course while it ran, as attendance (once per person and kind). */
async function recordActivity(
  tx: Tx,
  session: { id: string; courseId: string; startsAt: Date; endsAt: Date },
): Promise<void> {
  const from = utcTimestamp(session.startsAt);
  const to = utcTimestamp(session.endsAt);
  await tx.$executeRaw`
    INSERT INTO "StudySessionAttendance" ("sessionId", "userId", "kind", "at")
    SELECT ${session.id}::uuid, a."userId", 'ANSWERED'::"AttendanceKind", min(a."answeredAt")
    FROM "Answer" a JOIN "QuizSession" q ON q."id" = a."sessionId"
    WHERE q."courseId" = ${session.courseId}::uuid AND a."answeredAt" >= ${from} AND a."answeredAt" < ${to}
    GROUP BY a."userId"
    UNION ALL
    SELECT ${session.id}::uuid, r."userId", 'ANSWERED'::"AttendanceKind", min(p."answeredAt")
    FROM "PracticeAnswer" p JOIN "PracticeRun" r ON r."id" = p."runId"
    WHERE r."courseId" = ${session.courseId}::uuid AND p."answeredAt" >= ${from} AND p."answeredAt" < ${to}
    GROUP BY r."userId"
    UNION ALL
    SELECT ${session.id}::uuid, l."userId", 'REVIEWED'::"AttendanceKind", min(l."reviewedAt")
    FROM "ReviewLog" l
    WHERE l."courseId" = ${session.courseId}::uuid AND l."reviewedAt" >= ${from} AND l."reviewedAt" < ${to}
    GROUP BY l."userId"
    ON CONFLICT DO NOTHING`;
}

async function quizSummary(tx: Tx, quizSessionId: string): Promise<SessionSummary["quiz"]> {
  const results = await tx.quizResult.findMany({
    where: { sessionId: quizSessionId },
    orderBy: { rank: "asc" },
    select: { displayName: true, score: true, accuracy: true },
  });
  if (results.length === 0) return null;
  const average = results.reduce((sum, r) => sum + r.accuracy, 0) / results.length;
  return {
    players: results.length,
    averagePercent: Math.round(average * 100),
    top: results.slice(0, TOP_SHOWN).map((r) => ({ name: r.displayName, score: r.score })),
  };
}

/** The questions of the session's game most people got wrong (more wrong than right), worst first. */
async function mostMissed(tx: Tx, quizSessionId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ prompt: string }>>`
    SELECT q."prompt"
    FROM "Answer" a JOIN "Question" q ON q."id" = a."questionId"
    WHERE a."sessionId" = ${quizSessionId}::uuid
    GROUP BY q."id", q."prompt", q."position"
    HAVING avg(a."credit") < 0.5
    ORDER BY avg(a."credit") ASC, q."position" ASC
    LIMIT ${REVIEW_SHOWN}`;
  return rows.map((r) => (r.prompt.length > 140 ? `${r.prompt.slice(0, 139)}…` : r.prompt));
}
