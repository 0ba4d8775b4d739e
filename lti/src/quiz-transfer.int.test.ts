// Quiz CSV import and export on the LMS course page, through the real ltijs launch: a malformed file is
// refused with its line and column and stores nothing; a good one becomes a draft; Kahoot's template
// (saved as CSV) imports too; a quiz exports as the same CSV, as an attachment, to staff only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, ltikOf, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-csv", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-csv", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-csv", title: "Hydrology" };

const HEADER =
  "type,question,choice_1,choice_2,choice_3,choice_4,choice_5,correct,accepted_answers,numeric_answer,tolerance,hint,explanation,points,time_limit_sec";
const GOOD = [
  HEADER,
  'single_choice,"Which rock holds water best, usually?",Granite,Sandstone,Clay,,,2,,,,Think pores,,1000,20',
  "true_false,=Clay is permeable,,,,,,false,,,,,Clay has tiny pores,1000,20",
  "short_text,Name the upper zone,,,,,,,vadose zone|unsaturated zone,,,,,500,30",
].join("\r\n");
const EXPORTED = `${[
  HEADER,
  'single_choice,"Which rock holds water best, usually?",Granite,Sandstone,Clay,,,2,,,,Think pores,,1000,20',
  "true_false,'=Clay is permeable,,,,,,false,,,,,Clay has tiny pores,1000,20",
  "short_text,Name the upper zone,,,,,,,vadose zone|unsaturated zone,,,,,500,30",
].join("\r\n")}\r\n`;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let coursePage: string;
let studentPage: string;
const db = () => lti.database.prisma;

async function importFile(
  content: string,
  name: string,
  override: Record<string, string> = {},
): Promise<Response> {
  const { action, fields } = formFields((await getPage(coursePage)).body, "/course/quizzes/import");
  const form = new FormData();
  for (const [key, value] of Object.entries({ ...fields, ...override })) form.set(key, value);
  form.set("file", new Blob([content], { type: "text/csv" }), name);
  return fetch(action, { method: "POST", body: form, redirect: "manual" });
}

const stored = async () => ({ quizzes: await db().quiz.count(), questions: await db().question.count() });

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  coursePage = (await canvas.launch({ user: teacher, context })).url;
  studentPage = (await canvas.launch({ user: student, context })).url;
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("quiz CSV on the LMS course page", { timeout: 300_000 }, () => {
  it("refuses a malformed file with the line and column of each problem, storing nothing", async () => {
    const before = await stored();
    const bad = `${GOOD}\r\nsingle_choice,Pick one,a,b,c,d,,5,,,,,,,\r\nnumeric,How deep?,,,,,,,,deep,,,,,\r\n`;
    const response = await importFile(bad, "bad.csv");
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("Nothing was imported: the file has 2 problems.");
    expect(text).toContain("Line 5, column 'correct': '5' is not one of the choices 1–4.");
    expect(text).toContain("Line 6, column 'numeric_answer': 'deep' is not a number");
    expect(await stored()).toEqual(before);
  });

  it("refuses a form without its CSRF token, storing nothing", async () => {
    const before = await stored();
    const response = await importFile(GOOD, "good.csv", { csrf: "forged" });
    expect(response.status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("imports a good file as a draft, lists it, and exports the same CSV as an attachment", async () => {
    const response = await importFile(GOOD, "Aquifers week 3.csv");
    expect(response.status).toBe(303);
    const quizId = /\/course\/quizzes\/([0-9a-f-]{36})\?/.exec(response.headers.get("location") ?? "")?.[1];
    const quiz = await db().quiz.findUniqueOrThrow({ where: { id: quizId! }, include: { questions: true } });
    expect(quiz).toMatchObject({ title: "Aquifers week 3", status: "DRAFT" });
    expect(quiz.questions).toHaveLength(3);
    expect(textOf((await getPage(response.headers.get("location")!)).body)).toContain(
      "Which rock holds water best, usually?",
    );

    const page = (await getPage(coursePage)).body;
    const exportHref = /href="([^"]*\/course\/quizzes\/[^"]+\/export[^"]*)"/
      .exec(page)?.[1]
      ?.replace(/&amp;/g, "&");
    expect(exportHref).toContain(quizId);
    const exported = await fetch(exportHref!);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(exported.headers.get("content-disposition")).toBe(
      'attachment; filename="aquifers-week-3-quiz.csv"',
    );
    expect(await exported.text()).toBe(EXPORTED);

    // A student of the course gets no export.
    const ltik = ltikOf(studentPage);
    const asStudent = await fetch(exportHref!.replace(/ltik=[^&]+/, `ltik=${ltik}`));
    expect(asStudent.status).toBe(403);
  });

  it("imports Kahoot's template saved as CSV", async () => {
    const kahoot = [
      "Quiz template,,,,,,,",
      ",,,,,,,",
      ',Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 characters,Answer 3 - max 75 characters,Answer 4 - max 75 characters,"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",Correct answer(s) - choose at least one',
      '1,Which are aquifers?,Sandstone,Granite,Gravel,,30,"1,3"',
      "2,Clay or sand: which drains faster?,Clay,Sand,,,20,2",
    ].join("\n");
    const response = await importFile(kahoot, "kahoot.csv");
    expect(response.status).toBe(303);
    const quiz = await db().quiz.findFirstOrThrow({
      where: { title: "kahoot" },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    expect(quiz.questions.map((q) => [q.kind, q.correctChoices, q.timeLimitSec])).toEqual([
      ["MULTIPLE_SELECT", [0, 2], 30],
      ["SINGLE_CHOICE", [1], 20],
    ]);
  });
});
