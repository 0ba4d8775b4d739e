// The issue's "Done when", end to end against the fake Canvas and the fake Slack: a teacher adds
// StudyHall to the LMS by URL (dynamic registration), opens it, uploads a material, a quiz is generated
// and approved, a Slack channel is linked to the course with the page's code, a student who launched
// from the LMS links their Slack account with their page's code and plays the quiz live in Slack, and
// the LMS gradebook then holds the student's score.
//
// One process runs both front ends on one database, as `npm start` does: the real LTI tool (ltijs,
// express) and the real Slack front end (Bolt over HTTP), each with its own deps as two processes would
// have. Quiz timers run on the Slack harness's job runner; grade delivery on a runner of the LTI front
// end's gradebook handler, the one the app's runner is given.
import { type Actor, approveQuiz, createJobRunner, GRADEBOOK_QUEUE, generateQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  TEACHER,
  waitForBoard,
} from "../../bots/slack/src/testing/quiz-test-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { gradeDeliveryStatus } from "../../lti/src/grades/grade-delivery-status.ts";
import { formFields, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { sampleMaterial } from "../../test/support/course-fixtures.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";

const teacher = { sub: "canvas-teacher-7", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "canvas-student-42", name: "Sam Student", roles: [LEARNER] };
const context = { id: "course-8841", title: "Cell Biology", label: "BIO-101" };
const CHANNEL = "C0BIO101";
const STUDENT_SLACK = "U0SAM";
const LETTERS = "ABCDEFGHIJ";

let lti: TestLti;
let slack: TestSlackApp;
let canvas: FakeLtiPlatform;

beforeAll(async () => {
  lti = await startTestLti();
  slack = await startTestSlackApp({ database: lti.database });
  // Classmates know the student by their Slack display name, not their username.
  slack.api.setProfile(TEAM_A.teamId, STUDENT_SLACK, {
    realName: "Samira Okafor",
    displayName: "Sam",
    email: "sam@school.example",
  });
  canvas = await startFakeLtiPlatform({ clientId: "97140000000000777", deploymentIds: ["7:bio"] });
});
afterAll(async () => {
  await slack?.close();
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;
const codeOn = (html: string) => /<span class="code">([A-Z0-9-]+)<\/span>/.exec(html)?.[1] ?? "";

/** Polls `check` until it returns a value (no fixed sleeps). */
async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("from the LMS to a Slack channel and back to the gradebook", () => {
  it("puts a live Slack quiz's score of an LMS student into the LMS gradebook", async () => {
    // 1. The LMS admin adds StudyHall by URL.
    const registered = await canvas.openRegistration(lti.registrationUrl);
    expect(registered.status).toBe(200);
    expect(textOf(registered.body)).toContain("StudyHall is registered");

    // 2. The teacher opens StudyHall from the course navigation: the course is created.
    const coursePage = await canvas.launch({ user: teacher, context, deploymentId: "7:bio" });
    expect(coursePage.status).toBe(200);
    expect(new URL(coursePage.url).pathname).toBe("/lti/course");
    const { courseId } = await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } });
    const teacherActor: Actor = { platform: "LTI", tenant: canvas.issuer, externalId: teacher.sub };

    // 3. A material, uploaded on the course page as its script does.
    const upload = formFields(coursePage.body, "/course/materials");
    const form = new FormData();
    for (const [key, value] of Object.entries(upload.fields)) form.set(key, value);
    form.set(
      "file",
      new Blob([new Uint8Array(await sampleMaterial())], { type: "text/markdown" }),
      "cells.md",
    );
    const uploaded = await fetch(upload.action, {
      method: "POST",
      headers: { accept: "application/json", "x-csrf-token": upload.fields.csrf! },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    await eventually(
      async () => (await db().material.count({ where: { courseId, status: "READY" } })) === 1,
      "the material to be ready",
    );

    // 4. A quiz generated from it (offline writer) and approved by the teacher.
    const generated = await generateQuiz(
      { actor: teacherActor, courseId, count: 2 },
      lti.deps.quiz.generation,
    );
    expect(generated.questions).toBe(2);
    await approveQuiz(db(), { actor: teacherActor, courseId, quizId: generated.quizId });

    // 5. The teacher gets a link code on the course page and types it in the Slack channel.
    const spaceForm = formFields(coursePage.body, "/course/space-code");
    const spaceCode = codeOn((await postForm(spaceForm.action, spaceForm.fields)).body);
    expect(spaceCode).not.toBe("");
    const setup = await commandAndRead(slack, TEACHER, CHANNEL, `setup code ${spaceCode}`);
    expect(setup.text).toMatch(/This channel is now linked to \*?Cell Biology/);

    // 6. The student opens StudyHall from the LMS and links their Slack account with the page's code.
    const studentPage = await canvas.launch({ user: student, context, deploymentId: "7:bio" });
    expect(studentPage.status).toBe(200);
    const linkForm = formFields(studentPage.body, "/learn/link-code");
    const linkCode = codeOn((await postForm(linkForm.action, linkForm.fields)).body);
    const linked = await commandAndRead(slack, STUDENT_SLACK, CHANNEL, `link ${linkCode}`);
    expect(linked.text).toMatch(/linked/i);

    // 7. The quiz is played live in the channel: right on question 1, wrong on question 2.
    const questions = await db().question.findMany({
      where: { quizId: generated.quizId },
      orderBy: { position: "asc" },
    });
    const label = (index: number, choice: number) =>
      questions[index]!.kind === "TRUE_FALSE"
        ? questions[index]!.choices[choice]!
        : `${LETTERS[choice]}. ${questions[index]!.choices[choice]}`;
    const right = (index: number) => questions[index]!.correctChoices[0]!;
    const wrong = (index: number) =>
      questions[index]!.choices.findIndex((_, i) => !questions[index]!.correctChoices.includes(i));

    const started = await commandAndRead(slack, TEACHER, CHANNEL, `quiz start ${generated.quizId}`);
    expect(started.text).toMatch(/lobby is open/);
    const lobby = await waitForBoard(slack, CHANNEL, (text) => text.includes("Join"));
    expect((await clickAndRead(slack, STUDENT_SLACK, CHANNEL, buttonId(lobby.blocks, "Join"))).text).toMatch(
      /You're in!/,
    );
    // The join looked the student's Slack name up in the background; it is stored before the game goes on.
    await slack.frontEnd.idle();
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(lobby.blocks, "Start"));
    const q1 = await waitForBoard(slack, CHANNEL, (text) => text.includes("Question 1 of 2"));
    await clickAndRead(slack, STUDENT_SLACK, CHANNEL, buttonId(q1.blocks, label(0, right(0))));
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(q1.blocks, "Skip"));
    const reveal = await waitForBoard(slack, CHANNEL, (text) => text.includes("time is up"));
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(reveal.blocks, "Next question"));
    const q2 = await waitForBoard(slack, CHANNEL, (text) => text.includes("Question 2 of 2"));
    await clickAndRead(slack, STUDENT_SLACK, CHANNEL, buttonId(q2.blocks, label(1, wrong(1))));
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(q2.blocks, "End quiz"));
    const podium = await waitForBoard(slack, CHANNEL, (text) => text.includes("final results"));
    expect(podium.text).toMatch(/🥇 \*Sam\*/);

    // 8. The gradebook job the game's end scheduled delivers the score to the LMS.
    const session = await db().quizSession.findFirstOrThrow({
      where: { quizId: generated.quizId, state: "FINISHED" },
    });
    const grades = createJobRunner({
      db: db(),
      logger: slack.deps.logger,
      handlers: { [GRADEBOOK_QUEUE]: lti.frontEnd.jobHandlers[GRADEBOOK_QUEUE]! },
    });
    expect(await grades.runDue()).toBe(1);
    expect(
      await db().scheduledJob.findUniqueOrThrow({ where: { key: `grades:${session.id}` } }),
    ).toMatchObject({ doneAt: expect.any(Date) });

    const [column, ...others] = canvas.lineItems.filter((item) => item.contextId === context.id);
    expect(others).toEqual([]);
    expect(column).toMatchObject({ label: generated.title, scoreMaximum: 100, resourceId: generated.quizId });
    const inGradebook = canvas.scores.filter((s) => s.lineItemId === column!.id);
    expect(inGradebook).toHaveLength(1);
    expect(inGradebook[0]!.body).toMatchObject({
      userId: student.sub,
      scoreGiven: 50,
      scoreMaximum: 100,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      comment: expect.stringMatching(/: 1 of 2 correct, [\d,]+ points?$/),
    });
    expect(await gradeDeliveryStatus(db(), courseId)).toEqual([
      expect.objectContaining({ quizId: generated.quizId, sent: 1, pending: 0, failed: 0 }),
    ]);
  });
});
