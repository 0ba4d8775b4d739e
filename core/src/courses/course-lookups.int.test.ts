import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { createCourse } from "./create-course.ts";
import { ensureEnrollment } from "./enrollments.ts";
import { findCourseById } from "./find-course-by-id.ts";
import { listCourses } from "./list-courses.ts";
import { readAnswerPolicy } from "./read-answer-policy.ts";

// The small reads front ends used to make on the course table themselves, now in core.
let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("course lookups for front ends", () => {
  it("lists open courses oldest first with their materials and people, leaving archived ones out", async () => {
    const biology = await createCourse(db(), { name: "Biology 101" });
    const archived = await createCourse(db(), { name: "Old Geology" });
    await db().course.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
    const { userId } = await resolveUser(db(), { platform: "SLACK", tenant: "T1", externalId: "U1" });
    await ensureEnrollment(db(), { courseId: biology.id, userId, role: "STUDENT", source: "MANUAL" });

    expect(await listCourses(db())).toEqual([
      { id: biology.id, slug: "biology-101", name: "Biology 101", archived: false, materials: 0, people: 1 },
    ]);
    expect((await listCourses(db(), { includeArchived: true })).map((c) => [c.slug, c.archived])).toEqual([
      ["biology-101", false],
      ["old-geology", true],
    ]);
  });

  it("finds a course by id, archived too, and nothing for an unknown or malformed id", async () => {
    const course = await createCourse(db(), { name: "Chemistry" });
    await db().course.update({ where: { id: course.id }, data: { archivedAt: new Date() } });
    expect((await findCourseById(db(), course.id))?.name).toBe("Chemistry");
    expect(await findCourseById(db(), randomUUID())).toBeNull();
    expect(await findCourseById(db(), "not-a-uuid")).toBeNull();
  });

  it("reads the answer policy, and says a course is gone for an unknown id", async () => {
    const course = await createCourse(db(), { name: "Physics" });
    expect(await readAnswerPolicy(db(), { courseId: course.id })).toBe("FULL");
    await db().course.update({ where: { id: course.id }, data: { answerPolicy: "SOCRATIC" } });
    expect(await readAnswerPolicy(db(), { courseId: course.id })).toBe("SOCRATIC");
    await expect(readAnswerPolicy(db(), { courseId: randomUUID() })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(readAnswerPolicy(db(), { courseId: "x" })).rejects.toMatchObject({ code: "not_found" });
  });
});
