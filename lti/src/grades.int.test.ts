// Grades reach the LMS gradebook: live quizzes played in a linked Slack channel (core's engine) post
// each linked student's score through AGS to the fake Canvas, via the real job runner, the real token
// endpoint and the fake's media type and scope checks, its 429/5xx injection and its 409 for stale scores.
import {
  type Actor,
  completeIdentityLink,
  createJobRunner,
  createQuizEngine,
  GRADEBOOK_QUEUE,
  GRADEBOOK_SYNC_MAX_ATTEMPTS,
  type QuizEngine,
  renameQuiz,
  saveQuiz,
  startIdentityLink,
} from "@studyhall/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { createManualClock } from "../../test/support/manual-clock.ts";
import { createRecordingQuizBoard } from "../../test/support/recording-quiz-board.ts";
import { STUDYHALL_LINE_ITEM_TAG } from "./grades/ensure-line-item.ts";
import { gradeDeliveryStatus } from "./grades/grade-delivery-status.ts";
import { createGradebookJobHandler } from "./grades/gradebook-job.ts";
import { RETITLE_QUEUE, scheduleColumnRetitle } from "./grades/retitle-columns.ts";
import { AGS_SCOPE } from "./services/ags-client.ts";
import { createServiceTokens } from "./services/service-token.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const TEAM = "T0GRADES";
const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const biology = { id: "ctx-bio", title: "Biology 101" };
const chemistry = { id: "ctx-chem", title: "Chemistry 101" };
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UHOST", displayName: "Prof. Host" };
const slack = (id: string): Actor => ({ platform: "SLACK", tenant: TEAM, externalId: id, displayName: id });

let lti: TestLti;
let canvas: FakeLtiPlatform;
let engine: QuizEngine;
let bio: { courseId: string; linkId: string };
let chem: { courseId: string; linkId: string };
const db = () => lti.database.prisma;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  engine = createQuizEngine({ db: db(), logger: silent });
  engine.registerBoard("SLACK", createRecordingQuizBoard());
  bio = await lmsCourse(biology, "C-BIO");
  chem = await lmsCourse(chemistry, "C-CHEM");
  // s1 and s2 launched from the LMS and linked Slack; s3 plays in Slack only.
  for (const n of [1, 2]) await linkedStudent(n, biology);
  await linkedStudent(1, chemistry);
});
afterAll(async () => {
  await engine?.close();
  await canvas?.close();
  await lti?.close();
});

/** The teacher opens StudyHall in the LMS context; a Slack channel is bound to the course. */
async function lmsCourse(context: { id: string; title: string }, channel: string) {
  expect((await canvas.launch({ user: teacher, context })).status).toBe(200);
  const link = await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: context.id } });
  await db().courseSpace.create({
    data: {
      courseId: link.courseId,
      platform: "SLACK",
      kind: "SLACK_CHANNEL",
      tenant: TEAM,
      externalId: channel,
      name: channel.toLowerCase(),
    },
  });
  return { courseId: link.courseId, linkId: link.id };
}

/** Student n launches from the LMS, then types their link code in Slack. */
async function linkedStudent(n: number, context: { id: string; title: string }) {
  const user = { sub: `student-${n}`, name: `Student ${n}`, roles: [LEARNER] };
  expect((await canvas.launch({ user, context })).status).toBe(200);
  const lms: Actor = { platform: "LTI", tenant: canvas.issuer, externalId: user.sub };
  const { code } = await startIdentityLink(db(), { actor: lms });
  await completeIdentityLink(db(), { actor: slack(`US${n}`), code });
}

async function newQuiz(courseId: string, title: string): Promise<string> {
  const question = (prompt: string) => ({
    kind: "SINGLE_CHOICE" as const,
    prompt,
    choices: ["Wrong", "Right"],
    correctChoices: [1],
    timeLimitSec: 60,
  });
  const { quizId } = await saveQuiz(db(), {
    courseId,
    title,
    origin: "AUTHORED",
    approved: true,
    questions: [question("First?"), question("Second?")],
  });
  return quizId;
}

/** Plays a whole game; `answers` maps a Slack user to their choice per question. */
async function playGame(quizId: string, channel: string, answers: Record<string, number[]>) {
  const space = { platform: "SLACK" as const, tenant: TEAM, channelId: channel };
  const { sessionId } = await engine.start({ actor: host, space, platformStaff: true, quiz: quizId });
  await engine.control({ sessionId, actor: host, command: "start" });
  for (const questionIndex of [0, 1]) {
    for (const [user, choices] of Object.entries(answers)) {
      const choice = choices[questionIndex];
      if (choice === undefined) continue;
      await engine.answer({ sessionId, questionIndex, actor: slack(user), response: { choices: [choice] } });
    }
    await engine.control({ sessionId, actor: host, command: "skip" });
    await engine.control({ sessionId, actor: host, command: "skip" });
  }
  const session = await db().quizSession.findUniqueOrThrow({ where: { id: sessionId } });
  expect(session.state).toBe("FINISHED");
  return sessionId;
}

/** A runner of the gradebook queue only, with the handler the front end gives the app. */
const runner = () =>
  createJobRunner({
    db: db(),
    logger: silent,
    handlers: { [GRADEBOOK_QUEUE]: lti.frontEnd.jobHandlers[GRADEBOOK_QUEUE]! },
    pollMs: 50,
  });

const gradeJob = (sessionId: string) =>
  db().scheduledJob.findUniqueOrThrow({ where: { key: `grades:${sessionId}` } });

/** Time passes: the job's retry falls due now. */
async function makeDue(sessionId: string) {
  await db().$executeRaw`
    UPDATE "ScheduledJob" SET "runAt" = now() AT TIME ZONE 'UTC' WHERE "key" = ${`grades:${sessionId}`}`;
}

const lineItemsOf = (contextId: string, quizId: string) =>
  canvas.lineItems.filter((item) => item.contextId === contextId && item.resourceId === quizId);
const scoresOn = (lineItemId: string) => canvas.scores.filter((s) => s.lineItemId === lineItemId);
const scoreStatuses = async (quizId: string) =>
  (await db().ltiScore.findMany({ where: { quizId }, orderBy: { subject: "asc" } })).map((s) => [
    s.subject,
    s.status,
  ]);

describe("a finished live quiz", () => {
  it("posts each linked student's score to a line item created on demand, once across two games", async () => {
    const quizId = await newQuiz(bio.courseId, "Organelles");
    const first = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [1, 0], US3: [1, 1] });
    expect(await gradeJob(first)).toMatchObject({ queue: GRADEBOOK_QUEUE, doneAt: null });
    expect(await runner().runDue()).toBe(1);

    const [item, ...more] = lineItemsOf(biology.id, quizId);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ label: "Organelles", scoreMaximum: 100, tag: STUDYHALL_LINE_ITEM_TAG });
    const bodies = scoresOn(item!.id).map((s) => s.body);
    expect(bodies.map((b) => b.userId).sort()).toEqual(["student-1", "student-2"]);
    const s2 = bodies.find((b) => b.userId === "student-2")!;
    expect(s2).toMatchObject({
      scoreGiven: 50,
      scoreMaximum: 100,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      timestamp: expect.stringMatching(/Z$/),
    });
    expect(s2.comment).toMatch(/^Live quiz in #c-bio: 1 of 2 correct, [\d,]+ points?, rank 3 of 3$/);
    expect(bodies.find((b) => b.userId === "student-1")?.scoreGiven).toBe(100);

    // The Slack-only student is skipped, and the log says so.
    const owed = lti.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.sessionId === first && entry.owed !== undefined);
    expect(owed).toMatchObject({ owed: 2, withoutLtiIdentity: 1 });
    expect(await db().ltiScore.count({ where: { result: { sessionId: first } } })).toBe(2);
    expect(await gradeJob(first)).toMatchObject({ doneAt: expect.any(Date) });
    // Each student whose score was posted has a GRADE_SENT notification for this game.
    const sentTo = await db().ltiScore.findMany({
      where: { result: { sessionId: first } },
      select: { userId: true },
    });
    const notes = await db().notification.findMany({ where: { kind: "GRADE_SENT", sourceKey: first } });
    expect(notes.map((n) => n.userId).sort()).toEqual(sentTo.map((s) => s.userId).sort());
    expect(notes[0]?.body).toBe("Your score for Organelles was sent to the Biology 101 gradebook.");

    // A second game of the same quiz: same column, newer scores.
    const second = await playGame(quizId, "C-BIO", { US1: [0, 0] });
    expect(await runner().runDue()).toBe(1);
    expect(lineItemsOf(biology.id, quizId)).toHaveLength(1);
    const posts = canvas.requests.filter((r) => r.method === "POST" && r.path.endsWith("/line_items"));
    expect(posts).toHaveLength(1);
    const latest = scoresOn(item!.id).filter((s) => s.body.userId === "student-1");
    expect(latest.map((s) => s.body.scoreGiven)).toEqual([100, 0]);
    expect(await db().ltiScore.count({ where: { result: { sessionId: second }, status: "SENT" } })).toBe(1);
    expect(await gradeDeliveryStatus(db(), bio.courseId)).toEqual([
      { quizId, title: "Organelles", sent: 3, pending: 0, failed: 0, lastSentAt: expect.any(Date) },
    ]);
  });

  it("waits out a 429's Retry-After and delivers in the same run", async () => {
    const quizId = await newQuiz(bio.courseId, "Throttled");
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [1, 1] });
    canvas.failNext(/\/scores$/, 429, 1);
    expect(await runner().runDue()).toBe(1);
    const [item] = lineItemsOf(biology.id, quizId);
    expect(scoresOn(item!.id)).toHaveLength(2);
    expect(canvas.requests.some((r) => r.path.endsWith("/scores") && r.status === 429)).toBe(true);
    const scores = await db().ltiScore.findMany({ where: { quizId } });
    expect(scores.map((s) => s.status)).toEqual(["SENT", "SENT"]);
    expect(scores.map((s) => s.attempts).sort()).toEqual([1, 2]);
    expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date), attempts: 1 });
  });

  it("leaves scores the LMS keeps failing on (5xx) to a later run: nothing lost, nothing twice", async () => {
    const quizId = await newQuiz(bio.courseId, "Outage");
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [0, 1] });
    // Three tries each within the run, all refused.
    canvas.failNext(/\/scores$/, 503, 6);
    expect(await runner().runDue()).toBe(1);
    const [item] = lineItemsOf(biology.id, quizId);
    expect(scoresOn(item!.id)).toEqual([]);
    const job = await gradeJob(sessionId);
    expect(job).toMatchObject({ doneAt: null, failedAt: null, lastError: expect.stringContaining("503") });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
    const pending = await db().ltiScore.findMany({ where: { quizId } });
    expect(pending.map((s) => [s.status, s.attempts])).toEqual([
      ["PENDING", 3],
      ["PENDING", 3],
    ]);
    expect(pending[0]?.lastError).toContain("503");
    expect((await gradeDeliveryStatus(db(), bio.courseId)).find((q) => q.quizId === quizId)).toMatchObject({
      sent: 0,
      pending: 2,
      failed: 0,
      lastError: expect.stringContaining("503"),
    });

    await makeDue(sessionId);
    expect(await runner().runDue()).toBe(1);
    expect(
      scoresOn(item!.id)
        .map((s) => s.body.userId)
        .sort(),
    ).toEqual(["student-1", "student-2"]);
    expect(await scoreStatuses(quizId)).toEqual([
      ["student-1", "SENT"],
      ["student-2", "SENT"],
    ]);
    expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date) });
    // A stray extra run posts nothing again.
    await handlerRun(sessionId);
    expect(scoresOn(item!.id)).toHaveLength(2);
  });

  it("counts a score whose post arrived but whose answer was lost as sent, without posting it twice", async () => {
    const quizId = await newQuiz(bio.courseId, "Lost answer");
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [0, 1] });
    expect(await runner().runDue()).toBe(1);
    const [item] = lineItemsOf(biology.id, quizId);
    expect(scoresOn(item!.id)).toHaveLength(2);
    // The process died after the LMS stored student 1's score and before it recorded SENT.
    await db().ltiScore.updateMany({
      where: { quizId, subject: "student-1" },
      data: { status: "PENDING", sentAt: null },
    });
    await handlerRun(sessionId);
    expect(scoresOn(item!.id)).toHaveLength(2);
    const again = await db().ltiScore.findFirstOrThrow({ where: { quizId, subject: "student-1" } });
    expect(again).toMatchObject({ status: "SENT", attempts: 2 });
    expect(again.lastError).toMatch(/already had this score/);
  });

  it("survives a runner that dies mid-way: another runner takes over and delivers the rest once", async () => {
    const quizId = await newQuiz(bio.courseId, "Crash");
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [1, 0] });
    // Runner A's process freezes after its first score post: later requests never leave it, and no
    // timer of its runner fires (its clock is never stepped), so its heartbeat stops and its lock lapses.
    let posted = 0;
    let dead = false;
    const frozen: Array<(error: Error) => void> = [];
    const freezingFetch: typeof fetch = (input, init) => {
      if (!String(input).endsWith("/scores") || posted++ < 1) return fetch(input, init);
      if (dead) return Promise.reject(new Error("connection reset"));
      return new Promise<Response>((_, reject) => frozen.push(reject));
    };
    const dying = createJobRunner({
      db: db(),
      logger: silent,
      handlers: {
        [GRADEBOOK_QUEUE]: gradebookHandler({ fetch: freezingFetch, tuning: { retryBaseMs: 10 } }),
      },
      lockMs: 300,
      pollMs: 50,
      clock: createManualClock(),
    });
    const stuck = dying.runDue();
    await until(() => frozen.length === 1);
    await until(async () => (await db().ltiScore.count({ where: { quizId, status: "SENT" } })) === 1);
    const [item] = lineItemsOf(biology.id, quizId);
    expect(scoresOn(item!.id)).toHaveLength(1);

    // Runner B claims the job once A's lock has lapsed.
    const takeover = runner();
    await until(async () => (await takeover.runDue()) === 1);
    expect(
      scoresOn(item!.id)
        .map((s) => s.body.userId)
        .sort(),
    ).toEqual(["student-1", "student-2"]);
    expect(await scoreStatuses(quizId)).toEqual([
      ["student-1", "SENT"],
      ["student-2", "SENT"],
    ]);
    // A wakes up to a dead connection: its late failure changes nothing.
    dead = true;
    for (const reject of frozen) reject(new Error("connection reset"));
    await stuck;
    expect(await scoreStatuses(quizId)).toEqual([
      ["student-1", "SENT"],
      ["student-2", "SENT"],
    ]);
    expect(scoresOn(item!.id)).toHaveLength(2);
    expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date) });
  });

  it("marks a score the LMS refuses for good as FAILED with the reason, and uses the column it already has", async () => {
    const quizId = await newQuiz(bio.courseId, "Regraded");
    // The quiz's column exists (say, our earlier POST whose answer was lost), and the teacher has
    // since entered a newer grade for student 1 by hand.
    canvas.lineItems.push({
      id: "li-existing",
      contextId: biology.id,
      label: "Regraded",
      scoreMaximum: 100,
      resourceId: quizId,
      tag: STUDYHALL_LINE_ITEM_TAG,
    });
    canvas.scores.push({
      lineItemId: "li-existing",
      body: {
        userId: "student-1",
        scoreGiven: 95,
        timestamp: new Date(Date.now() + 3_600_000).toISOString(),
      },
      receivedAt: Date.now(),
    });
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 0], US2: [1, 1] });
    expect(await runner().runDue()).toBe(1);
    expect(lineItemsOf(biology.id, quizId).map((item) => item.id)).toEqual(["li-existing"]);
    expect(await db().ltiLineItem.findFirstOrThrow({ where: { quizId } })).toMatchObject({
      url: canvas.lineItemUrl({ id: "li-existing", contextId: biology.id }),
    });
    const failed = await db().ltiScore.findFirstOrThrow({ where: { quizId, subject: "student-1" } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.lastError).toMatch(/409.*newer score/);
    expect(await scoreStatuses(quizId)).toEqual([
      ["student-1", "FAILED"],
      ["student-2", "SENT"],
    ]);
    expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date) });
    expect((await gradeDeliveryStatus(db(), bio.courseId)).find((q) => q.quizId === quizId)).toMatchObject({
      sent: 1,
      pending: 0,
      failed: 1,
      lastError: expect.stringContaining("409"),
    });
  });

  it("marks what is still owed FAILED after the job's last run, and stops", async () => {
    const quizId = await newQuiz(bio.courseId, "Long outage");
    const sessionId = await playGame(quizId, "C-BIO", { US1: [1, 1], US2: [1, 1] });
    canvas.failNext(/\/scores$/, 503, 6);
    // Eleven runs have already failed.
    await db().scheduledJob.update({
      where: { key: `grades:${sessionId}` },
      data: { attempts: GRADEBOOK_SYNC_MAX_ATTEMPTS - 1 },
    });
    expect(await runner().runDue()).toBe(1);
    const scores = await db().ltiScore.findMany({ where: { quizId } });
    expect(scores.map((s) => s.status)).toEqual(["FAILED", "FAILED"]);
    expect(scores[0]?.lastError).toMatch(/^gave up after 12 runs: .*503/);
    expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date), failedAt: null });
  });

  it("keeps courses apart: another course's results never reach this course's gradebook", async () => {
    const bioItems = canvas.lineItems.filter((item) => item.contextId === biology.id).length;
    const bioScores = canvas.scores.length;
    const biologyCalls = () => canvas.requests.filter((r) => r.path.includes(`/${biology.id}/`)).length;
    const bioCallsBefore = biologyCalls();
    const quizId = await newQuiz(chem.courseId, "Bonds");
    await playGame(quizId, "C-CHEM", { US1: [1, 1], US2: [1, 1] });
    expect(await runner().runDue()).toBe(1);
    expect(canvas.lineItems.filter((item) => item.contextId === biology.id)).toHaveLength(bioItems);
    const [item, ...more] = lineItemsOf(chemistry.id, quizId);
    expect(more).toEqual([]);
    // Only the chemistry context's line item received anything, for both students.
    const posted = canvas.scores.slice(bioScores);
    expect(posted.map((s) => s.lineItemId)).toEqual([item!.id, item!.id]);
    expect(posted.map((s) => s.body.userId).sort()).toEqual(["student-1", "student-2"]);
    expect(await db().ltiScore.count({ where: { quizId, linkId: { not: chem.linkId } } })).toBe(0);
    expect(biologyCalls()).toBe(bioCallsBefore);
    expect((await gradeDeliveryStatus(db(), bio.courseId)).map((q) => q.quizId)).not.toContain(quizId);
  });

  it("follows Moodle's URL layout, and says so when the LMS lets it read but not add columns", async () => {
    const moodle = await startFakeLtiPlatform({ name: "moodle" });
    try {
      await lti.register(moodle);
      const launch = (user: typeof teacher) =>
        moodle.launch({ user, context: { id: "77", title: "Physics" } });
      expect((await launch(teacher)).status).toBe(200);
      const link = await db().ltiCourseLink.findFirstOrThrow({
        where: { contextId: "77", platform: { issuer: moodle.issuer } },
      });
      await db().courseSpace.create({
        data: {
          courseId: link.courseId,
          platform: "SLACK",
          kind: "SLACK_CHANNEL",
          tenant: TEAM,
          externalId: "C-PHY",
        },
      });
      const user = { sub: "moodle-user-7", name: "Student 7", roles: [LEARNER] };
      expect((await launch(user)).status).toBe(200);
      const { code } = await startIdentityLink(db(), {
        actor: { platform: "LTI", tenant: moodle.issuer, externalId: user.sub },
      });
      await completeIdentityLink(db(), { actor: slack("US7"), code });

      const quizId = await newQuiz(link.courseId, "Forces");
      await playGame(quizId, "C-PHY", { US7: [1, 1] });
      expect(await runner().runDue()).toBe(1);
      const [item] = moodle.lineItems.filter((it) => it.resourceId === quizId);
      expect(
        moodle.scores.filter((score) => score.lineItemId === item!.id).map((score) => score.body),
      ).toEqual([
        expect.objectContaining({
          userId: user.sub,
          scoreGiven: 100,
          comment: expect.stringMatching(/^Live quiz in Slack: 2 of 2 correct, /),
        }),
      ]);
      expect(moodle.requests.filter((r) => r.status >= 400)).toEqual([]);

      // The platform now grants reading line items only: no new column can be made.
      await db().ltiCourseLink.update({
        where: { id: link.id },
        data: { agsScopes: [AGS_SCOPE.lineItemReadonly, AGS_SCOPE.score] },
      });
      const readOnly = await newQuiz(link.courseId, "Energy");
      const sessionId = await playGame(readOnly, "C-PHY", { US7: [1, 0] });
      expect(await runner().runDue()).toBe(1);
      expect(moodle.lineItems.filter((it) => it.resourceId === readOnly)).toEqual([]);
      const refused = await db().ltiScore.findFirstOrThrow({ where: { quizId: readOnly } });
      expect(refused).toMatchObject({
        status: "FAILED",
        lastError: expect.stringContaining("line item scope"),
      });
      expect(await gradeJob(sessionId)).toMatchObject({ doneAt: expect.any(Date) });
    } finally {
      await moodle.close();
    }
  });
});

describe("a renamed quiz", () => {
  it("retitles the gradebook column StudyHall made for it, and leaves an assignment's column its own name", async () => {
    const made = await newQuiz(bio.courseId, "Quiz: Cells");
    const assigned = await newQuiz(bio.courseId, "Quiz: Tissues");
    // The second quiz was added as an assignment: the LMS made its column, named by the teacher.
    canvas.lineItems.push({
      id: "li-assignment",
      contextId: biology.id,
      label: "Assignment 3",
      scoreMaximum: 100,
      resourceId: assigned,
    });
    await playGame(made, "C-BIO", { US1: [1, 1] });
    await playGame(assigned, "C-BIO", { US1: [1, 1] });
    expect(await runner().runDue()).toBe(2);
    expect(lineItemsOf(biology.id, made)).toMatchObject([{ label: "Quiz: Cells" }]);

    const staff: Actor = { platform: "LTI", tenant: canvas.issuer, externalId: teacher.sub };
    for (const [quizId, title] of [
      [made, "Week 3 check-in"],
      [assigned, "Week 4 check-in"],
    ] as const) {
      const renamed = await renameQuiz(db(), { actor: staff, courseId: bio.courseId, quizId, title });
      await scheduleColumnRetitle(db(), quizId, renamed.title);
    }
    const retitles = createJobRunner({
      db: db(),
      logger: silent,
      handlers: { [RETITLE_QUEUE]: lti.frontEnd.jobHandlers[RETITLE_QUEUE]! },
      pollMs: 50,
    });
    expect(await retitles.runDue()).toBe(2);
    expect(lineItemsOf(biology.id, made)).toMatchObject([{ label: "Week 3 check-in", scoreMaximum: 100 }]);
    expect(lineItemsOf(biology.id, assigned)).toMatchObject([{ id: "li-assignment", label: "Assignment 3" }]);
    const puts = canvas.requests.filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
  });
});

function gradebookHandler(overrides: { fetch?: typeof fetch; tuning?: { retryBaseMs: number } } = {}) {
  return createGradebookJobHandler({
    db: db(),
    tokens: createServiceTokens({ db: db(), secrets: lti.deps.secrets }),
    log: silent,
    ...overrides,
  });
}

/** Runs the handler directly, as a duplicate delivery of the job would. */
async function handlerRun(sessionId: string) {
  const signal = new AbortController().signal;
  await gradebookHandler()({
    id: "extra",
    queue: GRADEBOOK_QUEUE,
    payload: { sessionId },
    attempts: 1,
    signal,
  });
}

/** Polls `check` until it holds (no fixed sleeps): at most `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
