// The set-based statements of a district apply for its classes: a district of 800 classes is a few
// statements (unnest over whole columns), not one round trip per class.
import { randomUUID } from "node:crypto";
import { slugify } from "../../courses/slugify.ts";
import { NOW_UTC, utcTimestamp } from "../../jobs/job-sql.ts";
import type { Tx } from "../roster-sql.ts";

/** A class of the district as stored, with the name its course has now. */
export interface StoredSection {
  id: string;
  externalId: string;
  courseId: string;
  name: string;
  schoolName: string | null;
  termName: string | null;
  removed: boolean;
  courseName: string;
}

export interface SectionFields {
  externalId: string;
  name: string;
  schoolName: string | null;
  termName: string | null;
}

/** Every class the district has had (listed now or removed), by external id. */
export async function loadSections(tx: Tx, districtId: string): Promise<Map<string, StoredSection>> {
  const rows = await tx.$queryRaw<StoredSection[]>`
    SELECT s.id::text, s."externalId", s."courseId"::text AS "courseId", s.name, s."schoolName", s."termName",
           s."removedAt" IS NOT NULL AS removed, c.name AS "courseName"
    FROM "RosterSection" s JOIN "Course" c ON c.id = s."courseId"
    WHERE s."districtId" = ${districtId}::uuid`;
  return new Map(rows.map((r) => [r.externalId, r]));
}

/**
 * Creates a course and its RosterSection per new class. Slugs are made unique against the courses
 * that exist and against each other ("algebra-i", "algebra-i-2"), as createCourse does, in one read.
 * Returns each new class's row and course id by its external id.
 */
export async function createSections(
  tx: Tx,
  districtId: string,
  sections: SectionFields[],
): Promise<Map<string, { id: string; courseId: string }>> {
  if (sections.length === 0) return new Map();
  const bases = [...new Set(sections.map((s) => slugify(s.name)))];
  const taken = new Set(
    (
      await tx.$queryRaw<Array<{ slug: string }>>`
        SELECT slug FROM "Course"
        WHERE slug = ANY(${bases}::text[]) OR slug LIKE ANY(SELECT b || '-%' FROM unnest(${bases}::text[]) AS b)`
    ).map((r) => r.slug),
  );
  const planned = sections.map((s) => {
    const base = slugify(s.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return { ...s, id: randomUUID(), courseId: randomUUID(), slug };
  });
  await tx.$executeRaw`
    INSERT INTO "Course" (id, slug, name, "updatedAt")
    SELECT v.id, v.slug, v.name, ${NOW_UTC}
    FROM unnest(${planned.map((p) => p.courseId)}::uuid[], ${planned.map((p) => p.slug)}::text[],
                ${planned.map((p) => p.name)}::text[]) AS v(id, slug, name)`;
  await tx.$executeRaw`
    INSERT INTO "RosterSection" (id, "districtId", "externalId", "courseId", name, "schoolName", "termName", "updatedAt")
    SELECT v.id, ${districtId}::uuid, v.external_id, v.course_id, v.name, v.school, v.term, ${NOW_UTC}
    FROM unnest(${planned.map((p) => p.id)}::uuid[], ${planned.map((p) => p.externalId)}::text[],
                ${planned.map((p) => p.courseId)}::uuid[], ${planned.map((p) => p.name)}::text[],
                ${planned.map((p) => p.schoolName)}::text[], ${planned.map((p) => p.termName)}::text[])
         AS v(id, external_id, course_id, name, school, term)`;
  return new Map(planned.map((p) => [p.externalId, { id: p.id, courseId: p.courseId }]));
}

/** Sets classes' names, schools and terms as the district gives them now, and lists them again. */
export async function updateSections(tx: Tx, rows: Array<SectionFields & { id: string }>) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "RosterSection" AS s
    SET name = v.name, "schoolName" = v.school, "termName" = v.term, "removedAt" = NULL, "updatedAt" = ${NOW_UTC}
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.name)}::text[],
                ${rows.map((r) => r.schoolName)}::text[], ${rows.map((r) => r.termName)}::text[])
         AS v(id, name, school, term)
    WHERE s.id = v.id`;
}

/** Renames courses (those whose name still followed their class's). */
export async function renameCourses(tx: Tx, rows: Array<{ courseId: string; name: string }>) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Course" AS c SET name = v.name, "updatedAt" = ${NOW_UTC}
    FROM unnest(${rows.map((r) => r.courseId)}::uuid[], ${rows.map((r) => r.name)}::text[]) AS v(id, name)
    WHERE c.id = v.id`;
}

/** Marks classes the district no longer lists as removed (their courses and history stay). */
export async function markSectionsRemoved(tx: Tx, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE "RosterSection" SET "removedAt" = ${utcTimestamp(at)}, "updatedAt" = ${NOW_UTC}
    WHERE id = ANY(${ids}::uuid[])`;
}

/** The live classes of the district in which these people have an active enrolment, per course. */
export async function coursesOfPeople(
  tx: Tx,
  districtId: string,
  userIds: string[],
): Promise<Array<{ courseId: string; userId: string }>> {
  if (userIds.length === 0) return [];
  return tx.$queryRaw<Array<{ courseId: string; userId: string }>>`
    SELECT e."courseId"::text AS "courseId", e."userId"::text AS "userId"
    FROM "Enrollment" e JOIN "RosterSection" s ON s."courseId" = e."courseId"
    WHERE s."districtId" = ${districtId}::uuid AND s."removedAt" IS NULL
      AND e."removedAt" IS NULL AND e."userId" = ANY(${userIds}::uuid[])`;
}
