// Kahoot's .xlsx template uploaded as it is on the LMS course page, through the real ltijs launch: the
// form offers .xlsx, a good workbook becomes a draft, a bad row is refused with its sheet row and column,
// and a damaged workbook with the clear message; nothing is stored on a refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { buildXlsx, kahootSheet, type XlsxCell } from "../../test/support/xlsx-builder.ts";
import { formFields, getPage, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-xlsx", name: "Tess Teacher", roles: [INSTRUCTOR] };
const context = { id: "ctx-xlsx", title: "Hydrology" };
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let lti: TestLti;
let canvas: FakeLtiPlatform;
let coursePage: string;
const db = () => lti.database.prisma;
const stored = async () => ({ quizzes: await db().quiz.count(), questions: await db().question.count() });

async function importFile(content: Uint8Array, name: string): Promise<Response> {
  const { action, fields } = formFields((await getPage(coursePage)).body, "/course/quizzes/import");
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new Blob([content], { type: XLSX_TYPE }), name);
  return fetch(action, { method: "POST", body: form, redirect: "manual" });
}

const workbook = (questions: XlsxCell[][]) => new Uint8Array(buildXlsx([kahootSheet(questions)]));

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  coursePage = (await canvas.launch({ user: teacher, context })).url;
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("Kahoot's .xlsx on the LMS course page", { timeout: 300_000 }, () => {
  it("offers .xlsx in the import form and imports the workbook as a draft", async () => {
    const page = (await getPage(coursePage)).body;
    expect(page).toMatch(/<input type="file" name="file" id="quiz-file" accept="[^"]*\.xlsx/);
    expect(textOf(page)).toContain("Import a quiz from a CSV or .xlsx file");
    const response = await importFile(
      workbook([
        ["Which are aquifers?", "Sandstone", "Granite", "Gravel", null, 30, "1,3"],
        ["Clay or sand: which drains faster?", "Clay", { inline: "Sand" }, null, null, 20, 2],
      ]),
      "Kahoot aquifers.xlsx",
    );
    expect(response.status).toBe(303);
    const quiz = await db().quiz.findFirstOrThrow({
      where: { title: "Kahoot aquifers" },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    expect(quiz.status).toBe("DRAFT");
    expect(quiz.questions.map((q) => [q.kind, q.correctChoices, q.timeLimitSec])).toEqual([
      ["MULTIPLE_SELECT", [0, 2], 30],
      ["SINGLE_CHOICE", [1], 20],
    ]);
  });

  it("refuses a bad row with its sheet row and column, and a damaged workbook clearly, storing nothing", async () => {
    const before = await stored();
    const bad = await importFile(workbook([["Pick one", "a", "b", null, null, 20, 5]]), "bad.xlsx");
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain(
      "Row 9, column 'Correct answer(s)': '5' is not one of the choices 1–4.",
    );
    const whole = workbook([["Q?", "a", "b", null, null, 20, 1]]);
    const damaged = await importFile(whole.subarray(0, whole.byteLength - 40), "damaged.xlsx");
    expect(damaged.status).toBe(400);
    expect(textOf(await damaged.text())).toContain(
      "This .xlsx file could not be read: it is damaged or incomplete",
    );
    expect(await stored()).toEqual(before);
  });
});
