// A stalled LMS against the grade job, through the real LTI front end, the real job runner and the fake
// Canvas: the score endpoint stops answering (for 90 s, unless the test releases it sooner). Two runners
// share the database, as two processes would. The heartbeat runs on a manual clock the test steps and
// the locks on the database's clock; the LMS deadline is the tool's own. No test waits out the stall,
// and none measures how long anything took: they count runs, posts and scores.
import {
  createJobRunner,
  GRADEBOOK_QUEUE,
  type JobHandler,
  type JobRunner,
  saveQuiz,
  submitQuizAttempt,
} from "@studyhall/core";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGradebookJobHandler } from "../../lti/src/grades/gradebook-job.ts";
import { withDeadline } from "../../lti/src/services/lms-fetch.ts";
import { createServiceTokens } from "../../lti/src/services/service-token.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../support/fake-lti-platform.ts";
import { createManualClock } from "../support/manual-clock.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Student One", roles: [LEARNER] };
const biology = { id: "ctx-bio", title: "Biology 101" };
/** The runners' lock: short, so the rival would take a job whose lock were not extended within seconds. */
const LOCK_MS = 600;
const BEAT_MS = Math.floor(LOCK_MS / 3);
/** The deadline of the test that lets a call run out of time (the front end's own is long here). */
const SHORT_DEADLINE_MS = 300;
const SCORES = /\/scores$/;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
const runners: JobRunner[] = [];
const db = () => lti.database.prisma;

beforeAll(async () => {
  // Long enough that the first test's stalled post is still waiting when the test releases it.
  lti = await startTestLti({ httpTimeoutMs: 120_000 });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  expect((await canvas.launch({ user: teacher, context: biology })).status).toBe(200);
  expect((await canvas.launch({ user: student, context: biology })).status).toBe(200);
  courseId = (await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: biology.id } })).courseId;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

/** The student takes a new quiz in the LMS page: its result is owed to the gradebook, by one job. */
async function quizTaken(title: string): Promise<{ quizId: string; jobKey: string }> {
  const { quizId } = await saveQuiz(db(), {
    courseId,
    title,
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which?",
        choices: ["Wrong", "Right"],
        correctChoices: [1],
        timeLimitSec: 60,
      },
    ],
  });
  const question = await db().question.findFirstOrThrow({ where: { quizId } });
  const submitted = await submitQuizAttempt(db(), {
    actor: { platform: "LTI", tenant: canvas.issuer, externalId: student.sub },
    courseId,
    quizId,
    responses: { [question.id]: { choices: [1] } },
  });
  expect(submitted.gradebookScheduled).toBe(true);
  const session = await db().quizSession.findFirstOrThrow({ where: { quizId } });
  return { quizId, jobKey: `grades:${session.id}` };
}

function runner(
  name: string,
  handler: JobHandler,
  options: { clock?: ReturnType<typeof createManualClock> } = {},
) {
  const created = createJobRunner({
    db: db(),
    logger: pino({ level: "silent" }),
    handlers: { [GRADEBOOK_QUEUE]: handler },
    workerId: name,
    lockMs: LOCK_MS,
    pollMs: 20,
    ...options,
  });
  runners.push(created);
  return created;
}

/** The front end's grade handler, noting which runner ran it. */
const counted =
  (runs: string[], name: string, handler: JobHandler): JobHandler =>
  async (job) => {
    runs.push(name);
    await handler(job);
  };

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether the database's clock is past `at` plus `ms`. */
async function dbTimePast(at: Date, ms: number): Promise<boolean> {
  const [row] = await db().$queryRaw<{ past: boolean }[]>`
    SELECT (now() AT TIME ZONE 'UTC') > ${at}::timestamp + (${ms}::float8 * interval '1 millisecond') AS "past"`;
  return row?.past === true;
}

const job = (key: string) => db().scheduledJob.findUniqueOrThrow({ where: { key } });
const scorePosts = () => canvas.requests.filter((r) => r.method === "POST" && SCORES.test(r.path));
const scoresFor = (quizId: string) => {
  const item = canvas.lineItems.find((i) => i.resourceId === quizId);
  return item ? canvas.scores.filter((s) => s.lineItemId === item.id) : [];
};

describe("outbound deadlines and the job lock under a stalled LMS", () => {
  it("attack: stall the score endpoint so a second process runs the grade job too; one runs it and the score is posted once", async () => {
    const { quizId, jobKey } = await quizTaken("Stalled");
    const stall = canvas.stallNext(SCORES);
    const postsBefore = scorePosts().length;
    const handler = lti.frontEnd.jobHandlers[GRADEBOOK_QUEUE]!;
    const runs: string[] = [];
    const clock = createManualClock();
    const first = runner("process-a", counted(runs, "process-a", handler), { clock });
    const second = runner("process-b", counted(runs, "process-b", handler));

    const firstPass = first.runDue();
    await waitUntil(() => stall.held === 1);
    const claimed = await job(jobKey);
    // While the LMS sits on the post, the heartbeat extends the lock beat by beat, and the other
    // process keeps trying, until the database's clock is two lock periods past the first lock.
    let lockedUntil = claimed.lockedUntil!;
    let beats = 0;
    while (!(await dbTimePast(claimed.lockedUntil!, 2 * LOCK_MS))) {
      await waitUntil(() => clock.nextIn === BEAT_MS);
      await clock.advance(BEAT_MS);
      const before = lockedUntil;
      await waitUntil(async () => (await job(jobKey)).lockedUntil! > before);
      lockedUntil = (await job(jobKey)).lockedUntil!;
      beats++;
      expect(await second.runDue()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(beats).toBeGreaterThan(1);
    expect(stall.held).toBe(1);

    // The LMS answers at last.
    stall.release();
    expect(await firstPass).toBe(1);
    expect(await second.runDue()).toBe(0);
    expect(runs).toEqual(["process-a"]);
    expect(scorePosts().length - postsBefore).toBe(1);
    expect(scoresFor(quizId)).toHaveLength(1);
    expect(await db().ltiScore.findMany({ where: { quizId } })).toMatchObject([
      { status: "SENT", attempts: 1 },
    ]);
    expect(await job(jobKey)).toMatchObject({ attempts: 1, doneAt: expect.any(Date), lockedBy: null });
  });

  it("attack: stall the score endpoint past the LMS deadline; the call is cut off, the job retries later, and the score is posted once", async () => {
    const { quizId, jobKey } = await quizTaken("Timed out");
    const stall = canvas.stallNext(SCORES);
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const lmsFetch = withDeadline(SHORT_DEADLINE_MS);
    // As the front end builds it, with a short deadline and one try per run.
    const handler = createGradebookJobHandler({
      db: db(),
      tokens: createServiceTokens({ db: db(), secrets: lti.deps.secrets, fetch: lmsFetch }),
      log,
      fetch: lmsFetch,
      tuning: { tries: 1 },
    });
    const jobs = createJobRunner({ db: db(), logger: log, handlers: { [GRADEBOOK_QUEUE]: handler } });
    runners.push(jobs);

    // The run ends although the LMS never answered.
    expect(await jobs.runDue()).toBe(1);
    expect(stall.held).toBe(1);
    const deadline = new RegExp(`did not answer within ${SHORT_DEADLINE_MS} ms`);
    const failed = await job(jobKey);
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, failedAt: null, lockedBy: null });
    expect(failed.lastError).toMatch(deadline);
    expect(await dbTimePast(failed.runAt, 0)).toBe(false);
    expect(await db().ltiScore.findMany({ where: { quizId } })).toMatchObject([
      { status: "PENDING", lastError: expect.stringMatching(deadline) },
    ]);
    const retry = lines.find((l) => l.msg === "job failed; will retry");
    expect(JSON.stringify(retry)).toMatch(deadline);
    expect(JSON.stringify(lines)).not.toMatch(/Bearer|client_assertion/);

    // The LMS wakes up. Whether the held post still reaches it (the connection may outlive the
    // cut-off call) or not, the score counts once: a repeated score is refused as not newer (409), and
    // the retry takes that to mean an earlier try arrived.
    stall.release();

    // The retry falls due and posts the score, once.
    await db()
      .$executeRaw`UPDATE "ScheduledJob" SET "runAt" = now() AT TIME ZONE 'UTC' WHERE "key" = ${jobKey}`;
    expect(await jobs.runDue()).toBe(1);
    expect(await db().ltiScore.findMany({ where: { quizId } })).toMatchObject([{ status: "SENT" }]);
    expect(await job(jobKey)).toMatchObject({ attempts: 2, doneAt: expect.any(Date) });
    await waitUntil(() => stall.held === 1 && scoresFor(quizId).length === 1);
    expect(scoresFor(quizId)).toHaveLength(1);
  });
});
