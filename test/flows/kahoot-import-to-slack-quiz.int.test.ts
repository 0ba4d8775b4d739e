// A teacher's Kahoot quiz, from the LMS page to a live game in Slack: imported as a draft from Kahoot's
// template saved as CSV, approved on the review page, and hosted in the course's Slack channel, where
// each question runs for the time the sheet gave it (the course's settings saved in between).
//
// One process runs both front ends on one database, as `npm start` does: the real LTI tool (ltijs,
// express) and the real Slack front end (Bolt over HTTP).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  TEACHER,
  waitForBoard,
} from "../../bots/slack/src/testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { type FakeLtiPlatform, INSTRUCTOR, startFakeLtiPlatform } from "../support/fake-lti-platform.ts";

const teacher = { sub: "canvas-teacher-k", name: "Tess Teacher", roles: [INSTRUCTOR] };
const context = { id: "course-kahoot", title: "Hydrology 101" };
const CHANNEL = "C0KAHOOT";
const STUDENT = "U0KPLAYER";

/** Kahoot's "Quiz template" .xlsx as a spreadsheet saves it to CSV: title rows, the header, questions. */
const KAHOOT_SHEET = [
  "Quiz template,,,,,,,",
  '"Add questions, at least two answer alternatives, time limit and choose correct answers (at least one).",,,,,,,',
  ",,,,,,,",
  ',Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 characters,Answer 3 - max 75 characters,Answer 4 - max 75 characters,"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",Correct answer(s) - choose at least one',
  "1,Which rock holds water best?,Granite,Sandstone,Clay,Basalt,20,2",
  "2,Where does a spring form?,Where the water table meets the surface,In a desert,On a glacier,,90,1",
].join("\r\n");

let lti: TestLti;
let slack: TestSlackApp;
let canvas: FakeLtiPlatform;

const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  slack = await startTestSlackApp({ database: lti.database });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
}, 120_000);
afterAll(async () => {
  await slack?.close();
  await canvas?.close();
  await lti?.close();
});

describe("a Kahoot sheet imported on the LMS page, played live in Slack", { timeout: 300_000 }, () => {
  it("imports, approves and hosts it with the sheet's time per question", async () => {
    const page = await canvas.launch({ user: teacher, context });
    const { action, fields } = formFields(page.body, "/course/quizzes/import");
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    form.set("file", new Blob([KAHOOT_SHEET], { type: "text/csv" }), "Rocks and springs.csv");
    const imported = await fetch(action, { method: "POST", body: form, redirect: "manual" });
    expect(imported.status).toBe(303);
    const review = imported.headers.get("location")!;
    const quizId = /\/course\/quizzes\/([0-9a-f-]{36})\?/.exec(review)?.[1];
    expect(quizId).toBeDefined();

    // Approved on its review page, with the form the page shows.
    const reviewPage = await getPage(review);
    expect(reviewPage.body).toContain(`value="q:ok:${quizId}"`);
    const approve = formFields(reviewPage.body, "/course/action");
    expect((await postForm(approve.action, { ...approve.fields, action: `q:ok:${quizId}` })).status).toBe(
      303,
    );
    const quiz = await db().quiz.findUniqueOrThrow({ where: { id: quizId! } });
    expect(quiz.status).toBe("APPROVED");

    // Saving the LMS settings page with its time per question blank ("each question's own time") keeps
    // the sheet's times; a number there would replace every question's, as the page says.
    const settingsPage = await getPage(page.url.replace("/lti/course?", "/lti/course/settings?"));
    const settings = formFields(settingsPage.body, "/course/settings");
    const saved = await postForm(settings.action, {
      ...settings.fields,
      hostPolicy: "staff",
      materialsPolicy: "staff",
      answerPolicy: "FULL",
      secondsPerQuestion: "",
      scoring: "speed",
      streaks: "on",
      showRankings: "show",
      questionsPerStudentPerHour: "",
      tokensPerStudentPerDay: "",
      tokensPerCoursePerDay: "",
    });
    expect(saved.status).toBe(303);
    const { quizDefaults } = await db().course.findFirstOrThrow();
    expect(
      (quizDefaults as { secondsPerQuestion?: number | null } | null)?.secondsPerQuestion ?? null,
    ).toBeNull();

    // The channel linked with the course page's code, then the quiz hosted by its title.
    const spaceForm = formFields(page.body, "/course/space-code");
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(
      (await postForm(spaceForm.action, spaceForm.fields)).body,
    )?.[1];
    expect((await commandAndRead(slack, TEACHER, CHANNEL, `setup code ${code}`)).text).toMatch(/now linked/);
    expect((await commandAndRead(slack, TEACHER, CHANNEL, `quiz start ${quiz.title}`)).text).toMatch(
      /lobby is open/,
    );
    const lobby = await waitForBoard(slack, CHANNEL, (text) => text.includes("Join"));
    expect(lobby.text).toContain(quiz.title);
    await clickAndRead(slack, STUDENT, CHANNEL, buttonId(lobby.blocks, "Join"));
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(lobby.blocks, "Start"));

    const timeLeft = (text: string) => Number(/Time left: \*(\d+) s\*/.exec(text)?.[1]);
    const q1 = await waitForBoard(slack, CHANNEL, (text) =>
      /Question 1 of 2[\s\S]*Time left: \*\d+ s\*/.test(text),
    );
    expect(q1.text).toContain("Which rock holds water best?");
    expect(timeLeft(q1.text)).toBeGreaterThan(10);
    expect(timeLeft(q1.text)).toBeLessThanOrEqual(20);
    await expect
      .poll(
        async () => (await clickAndRead(slack, STUDENT, CHANNEL, buttonId(q1.blocks, "B. Sandstone"))).text,
        {
          timeout: 20_000,
        },
      )
      .toMatch(/Locked in/);
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(q1.blocks, "Skip"));
    const reveal = await waitForBoard(slack, CHANNEL, (text) => text.includes("time is up"));
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(reveal.blocks, "Next question"));
    const q2 = await waitForBoard(slack, CHANNEL, (text) =>
      /Question 2 of 2[\s\S]*Time left: \*\d+ s\*/.test(text),
    );
    expect(timeLeft(q2.text)).toBeGreaterThan(60);
    expect(timeLeft(q2.text)).toBeLessThanOrEqual(90);
    expect((await commandAndRead(slack, TEACHER, CHANNEL, "quiz stop")).text).toMatch(/The quiz has ended/);
    expect(textOf((await getPage(review)).body)).toContain(quiz.title);
  });
});
