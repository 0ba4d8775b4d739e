import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { courseNotFound, studyMember } from "../study-guides/study-access.ts";
import { addLocalDays, atLocalHour, localDateOf, parseLocalDate } from "../time/local-time.ts";
import { UNNAMED_PERSON } from "./person-progress.ts";

/** This week's XP (since Monday 00:00 where the viewer lives) or every XP ever earned in the course. */
export type LeaderboardPeriod = "week" | "all";

/** A course's ranking, as the viewer sees it. */
export interface LeaderboardView {
  course: { id: string; name: string };
  period: LeaderboardPeriod;
  /** The Monday the week began ("2027-03-08") in the viewer's time zone; null for all time. */
  since: string | null;
  /** The top places, best first; a tie shares its rank and is ordered by name. */
  rows: Array<{ rank: number; displayName: string; xp: number; isYou: boolean }>;
  /**
   * The viewer's own standing, even outside the top places. `rank` is null when they are not ranked:
   * hidden, staff, or no XP in the period yet.
   */
  you: { rank: number | null; xp: number; hidden: boolean };
}

/** Places shown; the viewer's own place is told even when lower. */
export const LEADERBOARD_SIZE = 10;

export const leaderboardInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  period: z.enum(["week", "all"]).default("week"),
});

interface RankedRow {
  userId: string;
  displayName: string;
  xp: number;
  rank: number;
  /** Position in the ordered list (ties broken by name), 1-based. */
  place: number;
}

/**
 * The course's leaderboard for one of its members. Only active students are ranked, and only those
 * who have not hidden themselves ({@link setLeaderboardHidden}); people with no XP in the period are
 * left off rather than listed at the bottom. A course whose staff turned the leaderboard off refuses in
 * a sentence; someone outside the course gets the study tools' "not found".
 */
export async function getLeaderboard(
  db: Prisma,
  input: z.input<typeof leaderboardInput>,
  options: { now?: Date } = {},
): Promise<LeaderboardView> {
  const { actor, courseId, period } = parseUseCaseInput(leaderboardInput, input, {
    courseId: () => courseNotFound(""),
  });
  const { userId, course } = await studyMember(db, actor, courseId);
  if (!course.leaderboardEnabled)
    throw new AppError(ErrorCode.Forbidden, "leaderboard turned off for the course", {
      userMessage: `The staff of ${course.name} have turned the leaderboard off for this course. They can turn it back on in the course settings.`,
      details: { courseId },
    });
  const settings = await db.studySettings.findUnique({
    where: { userId },
    select: { timeZone: true, hideFromLeaderboard: true },
  });
  const monday = period === "week" ? mondayOf(options.now ?? new Date(), settings?.timeZone ?? "UTC") : null;
  const ranked = await rankedRows(db, { courseId, userId, since: monday?.start ?? null });
  const mine = ranked.find((r) => r.userId === userId);
  const rows = ranked
    .filter((r) => r.place <= LEADERBOARD_SIZE)
    .map((r) => ({ rank: r.rank, displayName: r.displayName, xp: r.xp, isYou: r.userId === userId }));
  const xp = mine?.xp ?? (await ownXp(db, { courseId, userId, since: monday?.start ?? null }));
  return {
    course: { id: course.id, name: course.name },
    period,
    since: monday?.date ?? null,
    rows,
    you: { rank: mine?.rank ?? null, xp, hidden: settings?.hideFromLeaderboard ?? false },
  };
}

/** The Monday of `now`'s week in `timeZone`, and the instant it began there. */
export function mondayOf(now: Date, timeZone: string): { date: string; start: Date } {
  const today = localDateOf(now, timeZone);
  const { year, month, day } = parseLocalDate(today);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const date = addLocalDays(today, -((weekday + 6) % 7));
  return { date, start: atLocalHour(parseLocalDate(date), 0, timeZone) };
}

/**
 * One grouped statement: each ranked student's XP in the course since `since`, ranked with ties
 * sharing a place, returning the first places and the viewer's own row wherever it falls.
 */
async function rankedRows(
  db: Prisma,
  where: { courseId: string; userId: string; since: Date | null },
): Promise<RankedRow[]> {
  return db.$queryRaw<RankedRow[]>`
    WITH totals AS (
      SELECT e."userId",
             -- progressName's rule, so the board and the person's own card name them alike: their
             -- own name, else the latest-seen linked account's, else UNNAMED_PERSON.
             COALESCE(NULLIF(btrim(u."displayName"), ''), (
               SELECT NULLIF(btrim(i."displayName"), '') FROM "Identity" i
               WHERE i."userId" = u."id" AND NULLIF(btrim(i."displayName"), '') IS NOT NULL
               ORDER BY i."lastSeenAt" DESC LIMIT 1
             ), ${UNNAMED_PERSON}) AS "displayName",
             SUM(x."points")::int AS "xp"
      FROM "Enrollment" e
      JOIN "User" u ON u."id" = e."userId"
      JOIN "XpEvent" x ON x."userId" = e."userId" AND x."courseId" = e."courseId"
        AND (${where.since}::timestamp IS NULL OR x."occurredAt" >= ${where.since}::timestamp)
      LEFT JOIN "StudySettings" s ON s."userId" = e."userId"
      WHERE e."courseId" = ${where.courseId}::uuid AND e."role" = 'STUDENT' AND e."removedAt" IS NULL
        AND NOT COALESCE(s."hideFromLeaderboard", false)
      GROUP BY e."userId", u."id"
      HAVING SUM(x."points") > 0
    ), ranked AS (
      SELECT *, RANK() OVER (ORDER BY "xp" DESC)::int AS "rank",
             ROW_NUMBER() OVER (ORDER BY "xp" DESC, lower("displayName"), "userId")::int AS "place"
      FROM totals
    )
    SELECT "userId", "displayName", "xp", "rank", "place" FROM ranked
    WHERE "place" <= ${LEADERBOARD_SIZE} OR "userId" = ${where.userId}::uuid
    ORDER BY "place"`;
}

/** The viewer's XP when they are not ranked (hidden or staff): still theirs to see. */
async function ownXp(
  db: Prisma,
  where: { courseId: string; userId: string; since: Date | null },
): Promise<number> {
  const sum = await db.xpEvent.aggregate({
    where: {
      courseId: where.courseId,
      userId: where.userId,
      ...(where.since ? { occurredAt: { gte: where.since } } : {}),
    },
    _sum: { points: true },
  });
  return sum._sum.points ?? 0;
}
