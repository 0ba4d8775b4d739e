// A quiz written by hand on the LMS page, through the real ltijs against the fake platform: the
// teacher writes a draft, adds questions of two kinds (a refused one keeps what was typed and says
// what is wrong beside the field), moves and deletes questions, approves it; then a student takes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-w", name: "Wren Writer", roles: [INSTRUCTOR] };
const student = { sub: "student-w", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-write", title: "Geology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let teacherUrl: string;
let quizId: string;
let editPage: string;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherUrl = (await canvas.launch({ user: teacher, context })).url;
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;

/** The first link on a page to a path ending in `pathEnd` (and carrying `query`, when given). */
function linkTo(body: string, pathEnd: string, query: Record<string, string> = {}): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => {
      const url = new URL(href);
      return (
        url.pathname.endsWith(pathEnd) &&
        Object.entries(query).every(([k, v]) => url.searchParams.get(k) === v)
      );
    });
  if (!link) throw new Error(`no link to …${pathEnd} ${JSON.stringify(query)}`);
  return link;
}

const prompts = async () =>
  (await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } })).map(
    (q) => `${q.position}:${q.prompt}`,
  );

async function addQuestion(kind: string, answers: Record<string, string>) {
  const form = await getPage(linkTo((await getPage(editPage)).body, "/edit", { add: kind }));
  expect(form.status).toBe(200);
  const { action, fields } = formFields(form.body, `/course/quizzes/${quizId}/questions`);
  return postForm(action, { ...fields, ...answers });
}

describe("a quiz written on the LMS page", { timeout: 300_000 }, () => {
  it("starts as an empty draft from the course page's Write a quiz form", async () => {
    const course = await getPage(teacherUrl);
    const { action, fields } = formFields(course.body, "/course/quizzes/write");
    const blank = await postForm(action, { ...fields, title: "   " });
    expect(blank.status).toBe(400);
    expect(textOf(blank.body)).toContain("No quiz was made: Give the quiz a title.");
    expect(await db().quiz.count()).toBe(0);

    const made = await postForm(action, { ...fields, title: "Rocks" });
    expect(made.status).toBe(303);
    editPage = made.location!;
    const quiz = await db().quiz.findFirstOrThrow({ where: { title: "Rocks" } });
    expect(quiz).toMatchObject({ status: "DRAFT", origin: "AUTHORED" });
    quizId = quiz.id;
    const page = textOf((await getPage(editPage)).body);
    expect(page).toContain("Quiz made. Add its questions");
    expect(page).toContain("This quiz has no questions yet.");
  });

  it("adds questions of two kinds; a refused one keeps what was typed, with the problem beside the field", async () => {
    const refused = await addQuestion("SINGLE_CHOICE", {
      prompt: "Which rock is igneous?",
      choice0: "Granite",
      choice1: "Limestone",
      hint: "Formed from magma.",
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(
      /<p class="notice error" role="alert" id="new-choices-error">Mark the correct choice\.<\/p>/,
    );
    expect(refused.body).toContain(">Which rock is igneous?</textarea>");
    expect(refused.body).toContain('value="Formed from magma."');
    expect(refused.body).toContain('value="Limestone"');
    expect(await db().question.count({ where: { quizId } })).toBe(0);

    const { action, fields } = formFields(refused.body, `/course/quizzes/${quizId}/questions`);
    const badTime = await postForm(action, {
      ...fields,
      prompt: "Which rock is igneous?",
      choice0: "Granite",
      choice1: "Limestone",
      correct: "0",
      timeLimitSec: "2",
    });
    expect(badTime.status).toBe(400);
    expect(textOf(badTime.body)).toContain("Time must be a whole number of seconds from 5 to 300.");

    const added = await postForm(action, {
      ...fields,
      prompt: "Which rock is igneous?",
      choice0: "Granite",
      choice1: "Limestone",
      choice2: "Shale",
      correct: "0",
      hint: "Formed from magma.",
      explanation: "Granite cools from magma.",
      points: "500",
      timeLimitSec: "30",
    });
    expect(added.status).toBe(303);
    expect(textOf((await getPage(added.location!)).body)).toContain("Question 1 added.");

    expect(
      (await addQuestion("TRUE_FALSE", { prompt: "Marble is metamorphic.", answer: "true" })).status,
    ).toBe(303);
    expect(
      (
        await addQuestion("NUMERIC", {
          prompt: "Mohs hardness of quartz?",
          numericAnswer: "7",
          tolerance: "0",
        })
      ).status,
    ).toBe(303);
    const stored = await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } });
    expect(stored.map((q) => q.kind)).toEqual(["SINGLE_CHOICE", "TRUE_FALSE", "NUMERIC"]);
    expect(stored[0]).toMatchObject({
      choices: ["Granite", "Limestone", "Shale"],
      correctChoices: [0],
      hint: "Formed from magma.",
      explanation: "Granite cools from magma.",
      points: 500,
      timeLimitSec: 30,
    });
  });

  it("moves a question up and deletes one after a confirmation page", async () => {
    const page = await getPage(editPage);
    const { action, fields } = formFields(page.body, `/course/quizzes/${quizId}/questions/2/move`);
    expect(fields.direction).toBe("up");
    const moved = await postForm(action, fields);
    expect(moved.status).toBe(303);
    // The page loaded before the move still shows Marble as question 2: saving it must not overwrite
    // the question now in that place.
    const oldForm = formFields(page.body, `/course/quizzes/${quizId}/questions/1`);
    const staleSave = await postForm(oldForm.action, {
      ...oldForm.fields,
      prompt: "Overwritten?",
      answer: "false",
    });
    expect(staleSave.status).toBe(409);
    expect(textOf(staleSave.body)).toContain("The quiz changed since this page was loaded.");
    expect(await prompts()).toEqual([
      "0:Which rock is igneous?",
      "1:Mohs hardness of quartz?",
      "2:Marble is metamorphic.",
    ]);
    const first = formFields(page.body, `/course/quizzes/${quizId}/questions/0/move`);
    expect(first.fields.direction).toBe("down");
    expect(page.body).not.toMatch(/questions\/2\/move[^>]*>[\s\S]{0,300}value="down"/);

    const confirm = await getPage(linkTo((await getPage(moved.location!)).body, `/questions/1/delete`));
    expect(textOf(confirm.body)).toContain("Delete question 2 of “Rocks”? Mohs hardness of quartz?");
    expect(await db().question.count({ where: { quizId } })).toBe(3);
    const del = formFields(confirm.body, `/course/quizzes/${quizId}/questions/1/delete`);
    const deleted = await postForm(del.action, del.fields);
    expect(deleted.status).toBe(303);
    expect(textOf((await getPage(deleted.location!)).body)).toContain("Question 2 deleted.");
    expect(await prompts()).toEqual(["0:Which rock is igneous?", "1:Marble is metamorphic."]);

    // The same confirmation again (a second tab, a double click): question 2 is now another question.
    const stale = await postForm(del.action, del.fields);
    expect(stale.status).toBe(409);
    expect(textOf(stale.body)).toContain("The quiz changed since this page was loaded.");
    expect(await prompts()).toEqual(["0:Which rock is igneous?", "1:Marble is metamorphic."]);
  });

  it("refuses the edits without the CSRF token and changes nothing", async () => {
    const { action, fields } = formFields(
      (await getPage(editPage)).body,
      `/course/quizzes/${quizId}/questions/1/move`,
    );
    const forged = await postForm(action, { ...fields, csrf: "forged-token-000000000000" });
    expect(forged.status).toBe(403);
    expect(await prompts()).toEqual(["0:Which rock is igneous?", "1:Marble is metamorphic."]);
  });

  it("is approved and taken by a student on their page", async () => {
    const { action, fields } = formFields(
      (await getPage(editPage)).body,
      `/course/quizzes/${quizId}/approve`,
    );
    expect((await postForm(action, fields)).status).toBe(303);
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).status).toBe("APPROVED");

    const launched = await canvas.launch({ user: student, context });
    expect(textOf(launched.body)).toMatch(/Rocks \(2 questions\)/);
    const quizPage = await getPage(linkTo(launched.body, `/learn/quizzes/${quizId}`));
    expect(textOf(quizPage.body)).toContain("Hint: Formed from magma.");
    const questions = await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } });
    const take = formFields(quizPage.body, `/learn/quizzes/${quizId}`);
    const submitted = await postForm(take.action, {
      ...take.fields,
      [`q-${questions[0]!.id}`]: "0",
      [`q-${questions[1]!.id}`]: "1",
    });
    expect(submitted.status).toBe(303);
    const result = textOf((await getPage(submitted.location!)).body);
    expect(result).toContain("Your result: 50%");
    expect(result).toContain("Granite cools from magma.");
  });

  it("keeps a played quiz's answered questions and order, saying why, and refuses a student", async () => {
    const page = await getPage(editPage);
    const move = formFields(page.body, `/course/quizzes/${quizId}/questions/1/move`);
    const refusedMove = await postForm(move.action, move.fields);
    expect(refusedMove.status).toBe(409);
    expect(textOf(refusedMove.body)).toContain(
      "This quiz has been played, so its questions keep their order",
    );
    const confirm = await getPage(linkTo(page.body, "/questions/0/delete"));
    const del = formFields(confirm.body, `/course/quizzes/${quizId}/questions/0/delete`);
    const refusedDelete = await postForm(del.action, del.fields);
    expect(refusedDelete.status).toBe(409);
    expect(textOf(refusedDelete.body)).toContain("Question 1 has been answered, so it stays");
    expect(await prompts()).toEqual(["0:Which rock is igneous?", "1:Marble is metamorphic."]);

    const launched = await canvas.launch({ user: student, context });
    // The student's own session: the ltik and CSRF token every form on their page carries.
    const studentFields = {
      ltik: /name="ltik" value="([^"]+)"/.exec(launched.body)![1]!,
      csrf: /name="csrf" value="([^"]+)"/.exec(launched.body)![1]!,
    };
    const write = formFields((await getPage(teacherUrl)).body, "/course/quizzes/write");
    const quizzes = await db().quiz.count();
    const forbidden = await postForm(write.action, { ...studentFields, title: "Mine" });
    expect(forbidden.status).toBe(403);
    const forbiddenDelete = await postForm(del.action, studentFields);
    expect(forbiddenDelete.status).toBe(403);
    expect(await db().quiz.count()).toBe(quizzes);
    expect(await prompts()).toEqual(["0:Which rock is igneous?", "1:Marble is metamorphic."]);
  });
});
