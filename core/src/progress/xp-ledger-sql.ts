// The reads of the XP ledger that progress views make: per local day for one person, per person and
// per day for a course. Sums are cast to int (XP totals stay far below 2^31), dates to "2027-03-14".

import type { Prisma } from "../db/open-database.ts";

/** XP on one local day of a person: across every course, and in the course asked about. */
export interface XpDay {
  day: string;
  xp: number;
  xpInCourse: number;
}

/**
 * Every local day the person earned XP on (any course, any amount, even 0 points), oldest first: the
 * streak's days, and summed, the totals. `courseId` picks the course whose share is `xpInCourse`
 * (null: every course, the same as `xp`).
 */
export function readXpDays(db: Prisma, input: { userId: string; courseId: string | null }): Promise<XpDay[]> {
  return db.$queryRaw<XpDay[]>`
    SELECT to_char(x."localDate", 'YYYY-MM-DD') AS day,
           SUM(x.points)::int AS xp,
           COALESCE(SUM(x.points) FILTER (WHERE ${input.courseId}::uuid IS NULL
                                          OR x."courseId" = ${input.courseId}::uuid), 0)::int AS "xpInCourse"
    FROM "XpEvent" x
    WHERE x."userId" = ${input.userId}::uuid
    GROUP BY x."localDate"
    ORDER BY x."localDate"`;
}

/** Each person's XP in a course: all of it, and what they earned since `since`. */
export function readCourseXpTotals(
  db: Prisma,
  input: { courseId: string; userIds: string[]; since: Date },
): Promise<Array<{ userId: string; xp: number; xpSince: number }>> {
  return db.$queryRaw`
    SELECT x."userId"::text AS "userId", SUM(x.points)::int AS xp,
           COALESCE(SUM(x.points) FILTER (WHERE x."occurredAt" >= ${input.since}), 0)::int AS "xpSince"
    FROM "XpEvent" x
    WHERE x."courseId" = ${input.courseId}::uuid AND x."userId" = ANY(${input.userIds}::uuid[])
    GROUP BY x."userId"`;
}

/** The course's XP of these people per local day (their own local dates) from `from` to `to`, inclusive. */
export function readCourseDailyXp(
  db: Prisma,
  input: { courseId: string; userIds: string[]; from: string; to: string },
): Promise<Array<{ day: string; xp: number }>> {
  return db.$queryRaw`
    SELECT to_char(x."localDate", 'YYYY-MM-DD') AS day, SUM(x.points)::int AS xp
    FROM "XpEvent" x
    WHERE x."courseId" = ${input.courseId}::uuid AND x."userId" = ANY(${input.userIds}::uuid[])
      AND x."localDate" BETWEEN ${input.from}::date AND ${input.to}::date
    GROUP BY x."localDate"`;
}

/** The local days each person earned XP on in any course (their streak's days). */
export async function readStreakDays(db: Prisma, userIds: string[]): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<Array<{ userId: string; days: string[] }>>`
    SELECT x."userId"::text AS "userId",
           array_agg(DISTINCT to_char(x."localDate", 'YYYY-MM-DD')) AS days
    FROM "XpEvent" x
    WHERE x."userId" = ANY(${userIds}::uuid[])
    GROUP BY x."userId"`;
  return new Map(rows.map((r) => [r.userId, r.days]));
}
