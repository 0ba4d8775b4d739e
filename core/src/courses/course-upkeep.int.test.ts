import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { createHashedEmbedder } from "../ai/local/hashed-embedder.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps } from "../deps.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { deleteCourse } from "../privacy/delete-course.ts";
import { createQuiz } from "../quiz/authoring/create-quiz.ts";
import { startLiveQuiz } from "../quiz/live/start-live-quiz.ts";
import { findSpaceCourse } from "../spaces/find-space-course.ts";
import { askTutor } from "../tutor/ask-tutor.ts";
import { archiveCourse } from "./archive-course.ts";
import { ensureEnrollment } from "./enrollments.ts";
import { findCourse } from "./find-course.ts";
import { renameCourse } from "./rename-course.ts";
import { setAnswerPolicy } from "./set-answer-policy.ts";

let database: Database;
const db = () => database.prisma;
const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U900", displayName: "Ms Rivera" };
const student = studentActor("U1001", "T1");
const space = { platform: "SLACK" as const, tenant: "T1", channelId: "C1" };
const ingestDeps = () => ({ db: db(), embedder: createHashedEmbedder(), logger: silentLogger() });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

/** A course with the teacher as staff, the student enrolled, and channel C1 linked to it. */
async function classroom(name: string, channelId = space.channelId) {
  const course = await seedCourse(db(), name, [teacher], "STAFF");
  const { userId } = await resolveUser(db(), student);
  await ensureEnrollment(db(), { courseId: course.id, userId, role: "STUDENT", source: "MANUAL" });
  await db().courseSpace.create({
    data: {
      courseId: course.id,
      platform: "SLACK",
      kind: "SLACK_CHANNEL",
      tenant: "T1",
      externalId: channelId,
    },
  });
  return course;
}

const auditOf = (courseId: string) =>
  db().auditEntry.findMany({ where: { courseId }, select: { action: true }, orderBy: { createdAt: "asc" } });

describe("renaming a course", () => {
  it("changes the name for staff, keeps the slug, and is audited", async () => {
    const course = await classroom("Hydrology 101", "C-rename");
    const renamed = await renameCourse(db(), { actor: teacher, courseId: course.id, name: "  Hydrology I " });
    expect(renamed).toMatchObject({ name: "Hydrology I", slug: "hydrology-101" });
    expect((await findCourse(db(), "hydrology-101")).name).toBe("Hydrology I");
    expect(await auditOf(course.id)).toEqual([{ action: "course.renamed" }]);
  });

  it("refuses a student, an empty name and a too long one, changing nothing", async () => {
    const course = await classroom("Geology 201", "C-rename-bad");
    await expect(
      renameCourse(db(), { actor: student, courseId: course.id, name: "Rocks" }),
    ).rejects.toMatchObject({ code: "forbidden", userMessage: "Only course staff can do that." });
    await expect(
      renameCourse(db(), { actor: teacher, courseId: course.id, name: "   " }),
    ).rejects.toMatchObject({ code: "invalid_input", userMessage: "Give the course a name." });
    await expect(
      renameCourse(db(), { actor: teacher, courseId: course.id, name: "x".repeat(201) }),
    ).rejects.toMatchObject({ userMessage: "Course names are at most 200 characters." });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).name).toBe("Geology 201");
    expect(await auditOf(course.id)).toEqual([]);
  });
});

describe("archiving a course", () => {
  it("hides it from name lookups, keeps it readable, and refuses changes with one sentence", async () => {
    const course = await classroom("Soil Science");
    await expect(
      archiveCourse(db(), { actor: student, courseId: course.id, archived: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).archivedAt).toBeNull();

    const { changed } = await archiveCourse(db(), { actor: teacher, courseId: course.id, archived: true });
    expect(changed).toBe(true);
    await expect(findCourse(db(), "Soil Science")).rejects.toMatchObject({ code: "not_found" });
    expect((await findCourse(db(), "soil-science")).id).toBe(course.id);
    expect((await findSpaceCourse(db(), space))?.id).toBe(course.id);

    const archived = expect.objectContaining({
      code: "conflict",
      userMessage: expect.stringMatching(
        /^"Soil Science" is archived, so it is read-only: .*course unarchive/,
      ),
    });
    const data = await sampleMaterial();
    await expect(
      ingestMaterial({ courseId: course.id, data, fileName: "cells.md" }, ingestDeps()),
    ).rejects.toEqual(archived);
    await expect(startLiveQuiz(db(), { actor: teacher, space, platformStaff: true })).rejects.toEqual(
      archived,
    );
    await expect(renameCourse(db(), { actor: teacher, courseId: course.id, name: "Dirt" })).rejects.toEqual(
      archived,
    );
    await expect(
      setAnswerPolicy(db(), { actor: teacher, courseId: course.id, policy: "HINTS" }),
    ).rejects.toEqual(archived);
    await expect(createQuiz(db(), { actor: teacher, courseId: course.id, title: "By hand" })).rejects.toEqual(
      archived,
    );
    expect(await db().quiz.count({ where: { courseId: course.id } })).toBe(0);
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).answerPolicy).toBe("FULL");
    expect(await db().material.count({ where: { courseId: course.id } })).toBe(0);
    expect(await db().quizSession.count({ where: { courseId: course.id } })).toBe(0);

    // Archiving twice changes nothing more; reopening lets changes through again.
    expect((await archiveCourse(db(), { actor: teacher, courseId: course.id, archived: true })).changed).toBe(
      false,
    );
    await archiveCourse(db(), { actor: teacher, courseId: course.id, archived: false });
    const { material } = await ingestMaterial(
      { courseId: course.id, data, fileName: "cells.md" },
      ingestDeps(),
    );
    expect(material.courseId).toBe(course.id);
    expect((await auditOf(course.id)).map((a) => a.action)).toEqual([
      "course.archived",
      "course.unarchived",
      "material.added",
    ]);
  });
});

describe("studying an archived course", () => {
  it("still gets answers from the tutor, with citations, and the question is kept", async () => {
    const course = await findCourse(db(), "soil-science");
    await archiveCourse(db(), { actor: teacher, courseId: course.id, archived: true });
    const deps = createStudyHallDeps({
      db: db(),
      ai: createAi({ provider: "local" }),
      logger: silentLogger(),
    });
    const answer = await askTutor(
      { actor: student, courseId: course.id, question: "What do mitochondria produce?" },
      deps.tutor,
    );
    expect(answer.text).toMatch(/ATP/);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(await db().message.count({ where: { conversation: { courseId: course.id } } })).toBe(2);
  });
});

describe("deleting a course as its staff", () => {
  it("refuses a student and a wrong typed name, deleting nothing", async () => {
    const course = await classroom("Botany", "C-delete-bad");
    const deps = { db: db(), logger: silentLogger() };
    await expect(
      deleteCourse(
        {
          requester: { kind: "staff", actor: student, courseId: course.id },
          course: course.id,
          confirmName: "Botany",
        },
        deps,
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    const asTeacher = { kind: "staff" as const, actor: teacher, courseId: course.id };
    await expect(
      deleteCourse({ requester: asTeacher, course: course.id, confirmName: "Botan" }, deps),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage:
        'Nothing was deleted: "Botan" is not this course\'s name. Type "Botany" exactly to delete it.',
    });
    await expect(deleteCourse({ requester: asTeacher, course: course.id }, deps)).rejects.toMatchObject({
      userMessage: 'Nothing was deleted: type the course\'s name, "Botany", to confirm.',
    });
    // Staff of one course cannot reach another through it.
    const other = await seedCourse(db(), "Zoology", []);
    await expect(
      deleteCourse({ requester: asTeacher, course: other.id, confirmName: "Zoology" }, deps),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().course.count({ where: { id: { in: [course.id, other.id] } } })).toBe(2);
    expect(await db().courseSpace.count({ where: { courseId: course.id } })).toBe(1);
  });

  it("deletes with the name typed, leaving no row that names the course and its channel unlinked", async () => {
    const course = await classroom("Mycology", "C-delete");
    await ingestMaterial(
      { courseId: course.id, data: await sampleMaterial(), fileName: "cells.md" },
      ingestDeps(),
    );
    const deleted = await deleteCourse(
      {
        requester: { kind: "staff", actor: teacher, courseId: course.id },
        course: course.id,
        confirmName: " mycology ",
      },
      { db: db(), logger: silentLogger() },
    );
    expect(deleted).toMatchObject({ slug: "mycology", enrolments: 2, materials: 1 });
    const tables = await db().$queryRaw<Array<{ table: string }>>`
      SELECT table_name AS "table" FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    const found: string[] = [];
    for (const { table } of tables) {
      const rows = await db().$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${table}" r WHERE strpos(r::text, $1) > 0`,
        course.id,
      );
      if (rows[0]!.n > 0) found.push(`${table} (${rows[0]!.n})`);
    }
    expect(found).toEqual([]);
    expect(await findSpaceCourse(db(), { ...space, channelId: "C-delete" })).toBeNull();
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "course.deleted" } });
    expect(entry).toMatchObject({ courseId: null, actorPlatform: "SLACK", details: { slug: "mycology" } });
  });
});
