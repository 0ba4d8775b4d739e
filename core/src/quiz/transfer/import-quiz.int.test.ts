import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { exportQuizCsv } from "./export-quiz.ts";
import { importQuiz } from "./import-quiz.ts";
import { QUIZ_CSV_COLUMNS } from "./quiz-csv-format.ts";

const teacher: Actor = { platform: "CLI", tenant: "", externalId: "teacher", displayName: "Teacher" };
const student: Actor = { platform: "CLI", tenant: "", externalId: "student", displayName: "Student" };
let database: Database;
let courseId: string;

const GOOD = [
  QUIZ_CSV_COLUMNS.join(","),
  'single_choice,"Which rock holds water best?",Granite,Sandstone,Clay,,,2,,,,Think pores,"Sandstone is porous, clay is not",500,30',
  "multiple_select,Which are aquifers?,Sandstone,Granite,Gravel,,,1;3,,,,,,,",
  "true_false,=Clay is permeable,,,,,,false,,,,,,,",
  "short_text,Name the upper zone,,,,,,,vadose zone|unsaturated zone,,,,,,",
  "numeric,Depth in metres?,,,,,,,,-12.5,0.5,,,,",
].join("\r\n");

const counts = async () => ({
  quizzes: await database.prisma.quiz.count(),
  questions: await database.prisma.question.count(),
  audit: await database.prisma.auditEntry.count(),
});

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  courseId = (await createCourse(db, { name: "Hydrology" })).id;
  for (const [actor, role] of [
    [teacher, "STAFF"],
    [student, "STUDENT"],
  ] as const) {
    const { userId } = await resolveUser(db, actor);
    await ensureEnrollment(db, { courseId, userId, role, source: "MANUAL" });
  }
});
afterAll(() => database.close());

describe("importQuiz and exportQuizCsv", () => {
  it("imports a file as a draft named after it, and exports the same CSV back", async () => {
    const db = database.prisma;
    const data = new Uint8Array(Buffer.from(`\uFEFF${GOOD}`));
    const imported = await importQuiz(db, {
      actor: teacher,
      courseId,
      data,
      fileName: "week_3/4 aquifers.csv",
    });
    expect(imported).toMatchObject({ title: "week 3/4 aquifers", questions: 5, layout: "studyhall" });
    const quiz = await db.quiz.findUniqueOrThrow({
      where: { id: imported.quizId },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    expect(quiz).toMatchObject({ status: "DRAFT", origin: "AUTHORED" });
    expect(quiz.questions.map((q) => q.kind)).toEqual([
      "SINGLE_CHOICE",
      "MULTIPLE_SELECT",
      "TRUE_FALSE",
      "SHORT_TEXT",
      "NUMERIC",
    ]);
    expect(await db.auditEntry.count({ where: { action: "quiz.imported", targetId: imported.quizId } })).toBe(
      1,
    );

    const exported = await exportQuizCsv(db, { actor: teacher, courseId, quizId: imported.quizId });
    expect(exported.fileName).toBe("week-3-4-aquifers-quiz.csv");
    expect(exported.csv).toContain("'=Clay is permeable");

    // Round trip: the exported file imports as an equal quiz, and exports to the same bytes.
    const again = await importQuiz(db, { actor: teacher, courseId, data: exported.csv, title: "Copy" });
    const copy = await db.question.findMany({
      where: { quizId: again.quizId },
      orderBy: { position: "asc" },
    });
    const strip = ({ id: _id, quizId: _quizId, ...rest }: (typeof copy)[number]) => rest;
    expect(copy.map(strip)).toEqual(quiz.questions.map(strip));
    expect((await exportQuizCsv(db, { actor: teacher, courseId, quizId: again.quizId })).csv).toBe(
      exported.csv,
    );
  });

  it("refuses a malformed file with the line and column, storing nothing", async () => {
    const before = await counts();
    const bad = `${GOOD}\r\nsingle_choice,Q,a,b,c,d,,5,,,,,,,\r\n`;
    await expect(importQuiz(database.prisma, { actor: teacher, courseId, data: bad })).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining("Line 7, column 'correct': '5' is not one of the choices 1–4."),
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses a file that is not UTF-8 or too large, storing nothing", async () => {
    const before = await counts();
    const latin1 = Buffer.from(
      `${QUIZ_CSV_COLUMNS.join(",")}\ntrue_false,Caf\xe9?,,,,,,true,,,,,,,\n`,
      "latin1",
    );
    await expect(
      importQuiz(database.prisma, { actor: teacher, courseId, data: latin1 }),
    ).rejects.toMatchObject({
      userMessage: expect.stringContaining("not UTF-8"),
    });
    await expect(
      importQuiz(database.prisma, { actor: teacher, courseId, data: "x".repeat(600 * 1024) }),
    ).rejects.toMatchObject({ userMessage: expect.stringContaining("at most 512 KB") });
    expect(await counts()).toEqual(before);
  });

  it("lets only staff import and export", async () => {
    const before = await counts();
    await expect(importQuiz(database.prisma, { actor: student, courseId, data: GOOD })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    expect(await counts()).toEqual(before);
    const quizId = (await database.prisma.quiz.findFirstOrThrow({ where: { courseId } })).id;
    await expect(exportQuizCsv(database.prisma, { actor: student, courseId, quizId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
