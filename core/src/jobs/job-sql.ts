import { Prisma as Sql } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";

/** A Prisma client or a transaction client: everything the job statements need. */
export type PrismaLike = Pick<Prisma, "$executeRaw" | "$queryRaw">;

/**
 * The database's current time as UTC without a zone, the way Prisma stores `DateTime` in
 * `TIMESTAMP(3)` columns. Plain `now()` would be compared through the session's TimeZone; our driver
 * adapters happen to open sessions in UTC, but due-ness should not hinge on that. Due-ness never
 * depends on the clock of whichever process asks.
 */
export const NOW_UTC = Sql.sql`(now() AT TIME ZONE 'UTC')`;

/** `milliseconds` as an SQL interval expression. */
export function msInterval(milliseconds: number): Sql.Sql {
  return Sql.sql`(${Math.round(milliseconds)}::float8 * interval '1 millisecond')`;
}

/**
 * A `Date` as a zone-less UTC timestamp. The driver adapters send a `Date` as UTC text without a zone,
 * so the cast must be to `timestamp` (a `timestamptz` cast would read it in the session's zone).
 */
export function utcTimestamp(date: Date): Sql.Sql {
  return Sql.sql`${date}::timestamp`;
}
