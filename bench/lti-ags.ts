// LTI Assignment and Grade Services: one finished quiz session owes 1,000 students their scores. The
// gradebook job (the real handler, service tokens from the fake's real token endpoint) posts them to
// the fake Canvas with bounded concurrency while every 10th score request is answered 429 with
// Retry-After: 1. Reports the wall time of the job (target <= 30 s) and whether every score arrived
// exactly once. Run alone: `npx tsx bench/lti-ags.ts [--scores 1000]` (prints JSON).
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createCourse } from "../core/src/courses/create-course.ts";
import type { Prisma } from "../core/src/db/open-database.ts";
import { createJobRunner } from "../core/src/jobs/job-runner.ts";
import { silentLogger } from "../core/src/logger.ts";
import { scheduleGradebookSync } from "../core/src/quiz/results/schedule-gradebook-sync.ts";
import { saveQuiz } from "../core/src/quiz/save-quiz.ts";
import { createGradebookJobHandler, DEFAULT_GRADEBOOK_TUNING } from "../lti/src/grades/gradebook-job.ts";
import { AGS_SCOPE } from "../lti/src/services/ags-client.ts";
import { createServiceTokens } from "../lti/src/services/service-token.ts";
import { type FakeLtiPlatform, startFakeLtiPlatform } from "../test/support/fake-lti-platform.ts";
import { pgliteTarget } from "./bench-database.ts";
import { registerWithPlatform, SECRETS } from "./lti-platform-fixture.ts";

const CONTEXT = "ctx-bench";
const THROTTLE_EVERY = 10;

export interface LtiAgsResult {
  scores: number;
  concurrency: number;
  wallMs: number;
  /** Score requests the platform answered 429 (Retry-After: 1 s each). */
  throttled: number;
  scoreRequests: number;
  /** Scores on the platform, and distinct students among them. */
  arrived: number;
  distinctStudents: number;
  exactlyOnce: boolean;
  /** Job runs it took (1 when the in-run retries absorbed every 429). */
  jobRuns: number;
}

/** A path pattern that matches every `n`-th score request only: the platform's throttle. */
class EveryNthScoreRequest extends RegExp {
  private seen = 0;
  constructor(private readonly n: number) {
    super("/scores$");
  }
  override test(path: string): boolean {
    if (!path.endsWith("/scores")) return false;
    this.seen += 1;
    return this.seen % this.n === 0;
  }
}

export async function benchLtiAgs(options: { scores?: number; log?: (line: string) => void } = {}) {
  const count = options.scores ?? 1000;
  const log = options.log ?? (() => {});
  const database = await pgliteTarget().open("lti_ags");
  const canvas = await startFakeLtiPlatform();
  const db = database.prisma;
  let jwks: Server | undefined;
  try {
    const platformId = await registerWithPlatform(db, canvas, (server) => {
      jwks = server;
    });
    const sessionId = await seedSession(db, canvas, platformId, count);
    log(`lti-ags: ${count} scores owed; posting with every ${THROTTLE_EVERY}th request throttled`);
    canvas.failNext(new EveryNthScoreRequest(THROTTLE_EVERY), 429, count);
    const handler = createGradebookJobHandler({
      db,
      tokens: createServiceTokens({ db, secrets: SECRETS }),
      log: silentLogger(),
    });
    const runner = createJobRunner({ db, logger: silentLogger(), handlers: { "lti:grades": handler } });
    const started = performance.now();
    let jobRuns = await runner.runDue();
    // Should the in-run retries not absorb every 429, later runs finish the work (made due at once).
    while (jobRuns < 5 && !(await jobDone(db, sessionId))) {
      await db.$executeRaw`UPDATE "ScheduledJob" SET "runAt" = now() AT TIME ZONE 'UTC' WHERE "key" = ${`grades:${sessionId}`}`;
      jobRuns += await runner.runDue();
    }
    const wallMs = performance.now() - started;
    const users = canvas.scores.map((s) => s.body.userId as string);
    const distinct = new Set(users).size;
    const sent = await db.ltiScore.count({ where: { status: "SENT" } });
    const scoreRequests = canvas.requests.filter((r) => r.path.endsWith("/scores"));
    return {
      scores: count,
      concurrency: DEFAULT_GRADEBOOK_TUNING.concurrency,
      wallMs: Math.round(wallMs),
      throttled: scoreRequests.filter((r) => r.status === 429).length,
      scoreRequests: scoreRequests.length,
      arrived: users.length,
      distinctStudents: distinct,
      exactlyOnce: users.length === count && distinct === count && sent === count,
      jobRuns,
    } satisfies LtiAgsResult;
  } finally {
    await canvas.close();
    await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
    await database.close();
  }
}

async function jobDone(db: Prisma, sessionId: string): Promise<boolean> {
  const job = await db.scheduledJob.findUnique({ where: { key: `grades:${sessionId}` } });
  return Boolean(job?.doneAt);
}

/** A course linked to the fake's context, a finished session with `count` results, and its job. */
async function seedSession(db: Prisma, canvas: FakeLtiPlatform, platformId: string, count: number) {
  const course = await createCourse(db, { name: "Bench course" });
  await db.ltiCourseLink.create({
    data: {
      courseId: course.id,
      platformId,
      deploymentId: canvas.deploymentId,
      contextId: CONTEXT,
      lineItemsUrl: canvas.lineItemsUrl(CONTEXT),
      agsScopes: [AGS_SCOPE.lineItem, AGS_SCOPE.score],
    },
  });
  const { quizId } = await saveQuiz(db, {
    courseId: course.id,
    title: "Bench quiz",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "TRUE_FALSE", prompt: "Cells have membranes.", answer: true, timeLimitSec: 20 }],
  });
  const users = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), displayName: `Student ${i}` }));
  await db.user.createMany({ data: users });
  await db.identity.createMany({
    data: users.map((u, i) => ({
      userId: u.id,
      platform: "LTI" as const,
      tenant: canvas.issuer,
      externalId: `student-${i}`,
    })),
  });
  const now = new Date();
  const session = await db.quizSession.create({
    data: {
      courseId: course.id,
      quizId,
      platform: "SLACK",
      tenant: "T0BENCH",
      spaceId: "C0BENCH",
      hostUserId: users[0]!.id,
      options: {},
      state: "FINISHED",
      questionIndex: 0,
      startedAt: now,
      endedAt: now,
    },
  });
  await db.quizResult.createMany({
    data: users.map((u, i) => ({
      sessionId: session.id,
      courseId: course.id,
      userId: u.id,
      displayName: u.displayName,
      score: i % 2 ? 1000 : 0,
      accuracy: i % 2 ? 1 : 0,
      correctCount: i % 2,
      partialCount: 0,
      incorrectCount: 1 - (i % 2),
      unanswered: 0,
      bestStreak: i % 2,
      rank: i + 1,
    })),
  });
  await scheduleGradebookSync(db, { sessionId: session.id, courseId: course.id });
  return session.id;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { scores: { type: "string", default: "1000" } } });
  const result = await benchLtiAgs({
    scores: Number(values.scores),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(JSON.stringify(result, null, 2));
}
