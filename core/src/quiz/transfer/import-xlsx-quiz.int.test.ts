import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { buildXlsx, buildZip, kahootSheet, xlsxParts } from "../../../../test/support/xlsx-builder.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { importQuiz } from "./import-quiz.ts";

const teacher: Actor = { platform: "CLI", tenant: "", externalId: "teacher", displayName: "Teacher" };
let database: Database;
let courseId: string;

const counts = async () => ({
  quizzes: await database.prisma.quiz.count(),
  questions: await database.prisma.question.count(),
  audit: await database.prisma.auditEntry.count(),
});

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  courseId = (await createCourse(db, { name: "Hydrology" })).id;
  const { userId } = await resolveUser(db, teacher);
  await ensureEnrollment(db, { courseId, userId, role: "STAFF", source: "MANUAL" });
});
afterAll(() => database.close());

describe("importQuiz with Kahoot's .xlsx template", () => {
  it("imports the workbook as it is, told by its bytes whatever its name", async () => {
    const db = database.prisma;
    const data = new Uint8Array(
      buildXlsx([
        kahootSheet([
          ["Which rock holds water best?", "Granite", "Sandstone", { inline: "Clay" }, "Basalt", 20, 2],
          ["Which are aquifers?", "Sandstone", "Granite", "Gravel", null, 30, "1,3"],
        ]),
      ]),
    );
    const imported = await importQuiz(db, { actor: teacher, courseId, data, fileName: "Aquifers.bin" });
    expect(imported).toMatchObject({ title: "Aquifers", questions: 2, layout: "kahoot" });
    const questions = await db.question.findMany({
      where: { quizId: imported.quizId },
      orderBy: { position: "asc" },
    });
    expect(questions.map((q) => [q.kind, q.prompt, q.timeLimitSec])).toEqual([
      ["SINGLE_CHOICE", "Which rock holds water best?", 20],
      ["MULTIPLE_SELECT", "Which are aquifers?", 30],
    ]);
  });

  it("refuses a malformed row with the sheet's row and column, storing nothing", async () => {
    const before = await counts();
    const data = buildXlsx([
      kahootSheet([
        ["Fine?", "Yes", "No", null, null, 20, 1],
        ["Which?", "a", "b", null, null, 20, 5],
      ]),
    ]);
    await expect(importQuiz(database.prisma, { actor: teacher, courseId, data })).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining(
        "Row 10, column 'Correct answer(s)': '5' is not one of the choices 1–4.",
      ),
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses a zip bomb and a truncated workbook with the clear message, storing nothing", async () => {
    const before = await counts();
    const bomb = buildZip(
      xlsxParts([kahootSheet([])]).map((part) =>
        part.name === "xl/worksheets/sheet1.xml"
          ? { ...part, data: Buffer.alloc(6 * 1024 * 1024, 0x20) }
          : part,
      ),
    );
    const whole = buildXlsx([kahootSheet([["Q?", "a", "b", null, null, 20, 1]])]);
    for (const data of [bomb, whole.subarray(0, whole.byteLength - 30)])
      await expect(importQuiz(database.prisma, { actor: teacher, courseId, data })).rejects.toMatchObject({
        code: "invalid_input",
        userMessage: expect.stringMatching(/^This \.xlsx file could not be read: /),
      });
    expect(await counts()).toEqual(before);
  });
});
