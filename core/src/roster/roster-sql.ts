// Every statement of a roster sync. Each takes whole columns as arrays (unnest / ANY), so a roster of
// thousands is a handful of statements with a handful of parameters each: Prisma's createMany binds one
// parameter per cell, which is an order of magnitude slower on embedded PGlite at this size. New rows'
// ids are made here, not by gen_random_uuid(): in embedded PGlite that costs about 50 µs a row, a
// quarter of inserting a district's enrolments.
import { randomUUID } from "node:crypto";
import { Prisma as Sql } from "../db/generated/client.ts";
import type { CourseRole, EnrollmentSource, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { NOW_UTC, utcTimestamp } from "../jobs/job-sql.ts";
import type { CurrentEnrollment } from "./plan-roster-changes.ts";

export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

export interface IdentityRow {
  id: string;
  userId: string;
  externalId: string;
  displayName: string | null;
}

/** The identities of `externalIds` on one platform and tenant. */
export function findIdentities(
  tx: Tx,
  key: { platform: Platform; tenant: string },
  externalIds: string[],
): Promise<IdentityRow[]> {
  return tx.$queryRaw<IdentityRow[]>`
    SELECT id::text, "userId"::text, "externalId", "displayName" FROM "Identity"
    WHERE platform = ${key.platform}::"Platform" AND tenant = ${key.tenant}
      AND "externalId" = ANY(${externalIds}::text[])`;
}

/** Creates users with the ids given (their identities follow in {@link insertIdentities}). */
export async function insertUsers(tx: Tx, users: Array<{ id: string; displayName: string | null }>) {
  await tx.$executeRaw`
    INSERT INTO "User" (id, "displayName", "updatedAt")
    SELECT v.id, v.name, ${NOW_UTC}
    FROM unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.displayName)}::text[]) AS v(id, name)`;
}

/** Inserts identities; one that exists already is left alone. Returns the external ids inserted. */
export async function insertIdentities(
  tx: Tx,
  key: { platform: Platform; tenant: string },
  rows: Array<{ userId: string; externalId: string; displayName: string | null }>,
): Promise<Set<string>> {
  const inserted = await tx.$queryRaw<Array<{ externalId: string }>>`
    INSERT INTO "Identity" (id, "userId", platform, tenant, "externalId", "displayName")
    SELECT v.id, v.user_id, ${key.platform}::"Platform", ${key.tenant}, v.external_id, v.name
    FROM unnest(${rows.map(() => randomUUID())}::uuid[], ${rows.map((r) => r.userId)}::uuid[],
                ${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => r.displayName)}::text[])
         AS v(id, user_id, external_id, name)
    ON CONFLICT (platform, tenant, "externalId") DO NOTHING
    RETURNING "externalId"`;
  return new Set(inserted.map((r) => r.externalId));
}

/** Drops users made for identities that someone else created first (see resolve-roster-people.ts). */
export async function deleteUsers(tx: Tx, ids: string[]) {
  await tx.$executeRaw`DELETE FROM "User" WHERE id = ANY(${ids}::uuid[])`;
}

/** Sets the names the platform now gives some identities. */
export async function renameIdentities(tx: Tx, renames: Array<{ id: string; name: string }>) {
  await tx.$executeRaw`
    UPDATE "Identity" AS i SET "displayName" = v.name
    FROM unnest(${renames.map((r) => r.id)}::uuid[], ${renames.map((r) => r.name)}::text[]) AS v(id, name)
    WHERE i.id = v.id`;
}

/**
 * Takes every course's roster lock for the rest of the transaction, in one order (so two syncs of
 * overlapping courses wait for each other instead of deadlocking).
 */
export async function lockCourses(tx: Tx, courseIds: string[]) {
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtextextended('roster:' || c.id, 0))
    FROM (SELECT DISTINCT id FROM unnest(${courseIds}::text[]) AS id ORDER BY id) AS c`;
}

/** Those of `courseIds` that exist. */
export async function existingCourses(tx: Tx, courseIds: string[]): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM "Course" WHERE id = ANY(${courseIds}::uuid[])`;
  return rows.map((r) => r.id);
}

/** An enrolment as a roster plan reads it (`e`), and whether its person has an identity on the roster's tenant. */
function currentEnrollmentColumns(roster: { platform: Platform; tenant: string }): Sql.Sql {
  return Sql.sql`
    SELECT e.id::text, e."courseId"::text AS "courseId", e."userId"::text, e.role::text AS role,
           e.source::text AS source, e."roleSource"::text AS "roleSource", e."removedAt" IS NOT NULL AS removed,
           EXISTS (SELECT 1 FROM "Identity" i WHERE i."userId" = e."userId"
                   AND i.platform = ${roster.platform}::"Platform" AND i.tenant = ${roster.tenant}) AS "onRosterTenant"`;
}

/** The courses' enrolments, as {@link currentEnrollmentColumns}. */
export function currentEnrollmentsOf(
  tx: Tx,
  roster: { courseIds: string[]; platform: Platform; tenant: string },
): Promise<Array<CurrentEnrollment & { courseId: string }>> {
  return tx.$queryRaw<Array<CurrentEnrollment & { courseId: string }>>`
    ${currentEnrollmentColumns(roster)}
    FROM "Enrollment" e WHERE e."courseId" = ANY(${roster.courseIds}::uuid[])`;
}

/** The enrolments of these people in these courses (course and user side by side), as {@link currentEnrollmentsOf}. */
export function enrollmentsOfPairs(
  tx: Tx,
  roster: { pairs: Array<{ courseId: string; userId: string }>; platform: Platform; tenant: string },
): Promise<Array<CurrentEnrollment & { courseId: string }>> {
  return tx.$queryRaw<Array<CurrentEnrollment & { courseId: string }>>`
    ${currentEnrollmentColumns(roster)}
    FROM unnest(${roster.pairs.map((p) => p.courseId)}::uuid[], ${roster.pairs.map((p) => p.userId)}::uuid[])
         AS v(course_id, user_id)
    JOIN "Enrollment" e ON e."courseId" = v.course_id AND e."userId" = v.user_id`;
}

/** Enrols people; an enrolment made meanwhile (a launch at this moment) is kept. Returns how many were made. */
export function insertEnrollments(
  tx: Tx,
  source: EnrollmentSource,
  rows: Array<{ courseId: string; userId: string; role: CourseRole }>,
): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "Enrollment" (id, "courseId", "userId", role, source, "roleSource", "updatedAt")
    SELECT v.id, v.course_id, v.user_id, v.role::"CourseRole",
           ${source}::"EnrollmentSource", ${source}::"EnrollmentSource", ${NOW_UTC}
    FROM unnest(${rows.map(() => randomUUID())}::uuid[], ${rows.map((r) => r.courseId)}::uuid[],
                ${rows.map((r) => r.userId)}::uuid[], ${rows.map((r) => r.role)}::text[])
         AS v(id, course_id, user_id, role)
    ON CONFLICT ("courseId", "userId") DO NOTHING`;
}

/**
 * The roster's own enrolments `ids`: this role, and active again if they were removed. A role that
 * changes is recorded as set by the roster's `source`.
 */
export async function activateEnrollments(tx: Tx, ids: string[], role: CourseRole, source: EnrollmentSource) {
  await tx.$executeRaw`
    UPDATE "Enrollment"
    SET "roleSource" = CASE WHEN role = ${role}::"CourseRole" THEN "roleSource" ELSE ${source}::"EnrollmentSource" END,
        role = ${role}::"CourseRole", "removedAt" = NULL, "updatedAt" = ${NOW_UTC}
    WHERE id = ANY(${ids}::uuid[])`;
}

/** Enrolments made elsewhere whose role the roster changes (see planRosterChanges): the role, set by `source`. */
export async function setEnrollmentRoles(tx: Tx, ids: string[], role: CourseRole, source: EnrollmentSource) {
  await tx.$executeRaw`
    UPDATE "Enrollment"
    SET role = ${role}::"CourseRole", "roleSource" = ${source}::"EnrollmentSource", "updatedAt" = ${NOW_UTC}
    WHERE id = ANY(${ids}::uuid[])`;
}

/** Marks enrolments removed (not deleted: the person's answers, results and questions stay theirs). */
export async function removeEnrollments(tx: Tx, ids: string[], at: Date) {
  await tx.$executeRaw`
    UPDATE "Enrollment" SET "removedAt" = ${utcTimestamp(at)}, "updatedAt" = ${NOW_UTC}
    WHERE id = ANY(${ids}::uuid[])`;
}
