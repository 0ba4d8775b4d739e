// Writes experience points to the ledger. Callers pass the transaction that stores what earned them
// (an answer, a review), so XP exists exactly when its source does; the unique key (person, kind,
// source) makes every retry, double click or second window a no-op.

import { randomUUID } from "node:crypto";
import type { XpKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { localDateOf } from "../time/local-time.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** What {@link awardXp} needs of the database: a Prisma client or an open transaction. */
export type XpWriter = Pick<Tx, "$queryRaw" | "$executeRaw">;

/** One award of points (from `xpFor` in xp-rules.ts) for one thing a person did in a course. */
export interface XpAward {
  userId: string;
  courseId: string;
  kind: XpKind;
  /** What earned it, unique per person and kind: an Answer id, a question id, a ReviewLog id, a guide id. */
  sourceKey: string;
  points: number;
  occurredAt: Date;
  /**
   * Earn once per local day instead of once ever: the person's local date is appended to
   * `sourceKey`, so a practice question answered again tomorrow earns again, but not twice today.
   */
  perLocalDay?: boolean;
}

interface Earner {
  timeZone: string;
  anonymous: boolean;
}

/**
 * Records `awards` in one INSERT … ON CONFLICT DO NOTHING and returns how many rows it wrote (0 for
 * an award already recorded). Each award's local date is the day it happened in the person's time
 * zone as it is now (StudySettings, UTC without a row); it is stored and never recomputed, so a later
 * change of zone rewrites no day a streak counted. Anonymous stand-ins of deleted people earn nothing.
 */
export async function awardXp(tx: XpWriter, awards: XpAward[]): Promise<number> {
  if (awards.length === 0) return 0;
  for (const award of awards) {
    if (!Number.isInteger(award.points) || award.points < 0)
      throw new AppError(ErrorCode.Internal, "XP award points must be a whole number", {
        details: { kind: award.kind, points: award.points },
      });
  }
  const earners = await readEarners(tx, [...new Set(awards.map((a) => a.userId))]);
  const rows = awards.flatMap((award) => {
    const earner = earners.get(award.userId);
    // A user that no longer exists (deleted meanwhile) or a stand-in earns nothing.
    if (!earner || earner.anonymous) return [];
    const localDate = localDateIn(award.occurredAt, earner.timeZone);
    const sourceKey = award.perLocalDay ? `${award.sourceKey}:${localDate}` : award.sourceKey;
    return [{ ...award, sourceKey, localDate }];
  });
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "XpEvent" (id, "userId", "courseId", kind, "sourceKey", points, "occurredAt", "localDate")
    SELECT v.id, v."userId", v."courseId", v.kind::"XpKind", v."sourceKey", v.points,
           v."occurredAt"::timestamptz AT TIME ZONE 'UTC', v."localDate"::date
    FROM unnest(
      ${rows.map(() => randomUUID())}::uuid[],
      ${rows.map((r) => r.userId)}::uuid[],
      ${rows.map((r) => r.courseId)}::uuid[],
      ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.sourceKey)}::text[],
      ${rows.map((r) => r.points)}::int[],
      ${rows.map((r) => r.occurredAt.toISOString())}::text[],
      ${rows.map((r) => r.localDate)}::text[]
    ) AS v(id, "userId", "courseId", kind, "sourceKey", points, "occurredAt", "localDate")
    ON CONFLICT ("userId", kind, "sourceKey") DO NOTHING`;
}

/** Each person's time zone (UTC without settings) and whether they are an anonymous stand-in. */
async function readEarners(tx: XpWriter, userIds: string[]): Promise<Map<string, Earner>> {
  const rows = await tx.$queryRaw<Array<{ id: string; timeZone: string | null; anonymous: boolean }>>`
    SELECT u.id::text AS id, s."timeZone" AS "timeZone", u.anonymous AS anonymous
    FROM "User" u LEFT JOIN "StudySettings" s ON s."userId" = u.id
    WHERE u.id = ANY(${userIds}::uuid[])`;
  return new Map(rows.map((r) => [r.id, { timeZone: r.timeZone ?? "UTC", anonymous: r.anonymous }]));
}

/**
 * The local date, falling back to UTC for a zone this runtime does not know (settings check zones when
 * they are set, but a runtime's zone list can shrink): an award is never lost over a day's label.
 */
function localDateIn(instant: Date, timeZone: string): string {
  try {
    return localDateOf(instant, timeZone);
  } catch {
    return localDateOf(instant, "UTC");
  }
}
