// A finished live game promises its results to the course's LMS gradebook in the same transaction;
// a course no LMS offers grades for gets no job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecordingQuizBoard } from "../../../../test/support/recording-quiz-board.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { silentLogger } from "../../logger.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { createQuizEngine, type QuizEngine } from "../live/quiz-engine.ts";
import { saveQuiz } from "../save-quiz.ts";
import { GRADEBOOK_QUEUE, scheduleGradebookSync } from "./schedule-gradebook-sync.ts";

const TEAM = "T0GRADES";
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UHOST", displayName: "Prof. Host" };
const student: Actor = { platform: "SLACK", tenant: TEAM, externalId: "US1", displayName: "Sam" };

let database: Database;
let engine: QuizEngine;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = createQuizEngine({ db: db(), logger: silentLogger() });
  engine.registerBoard("SLACK", createRecordingQuizBoard());
});
afterAll(async () => {
  await engine?.close();
  await database?.close();
});

async function courseWithChannel(name: string, channel: string) {
  const course = await createCourse(db(), { name });
  await db().courseSpace.create({
    data: {
      courseId: course.id,
      platform: "SLACK",
      kind: "SLACK_CHANNEL",
      tenant: TEAM,
      externalId: channel,
    },
  });
  const { userId } = await resolveUser(db(), host);
  await ensureEnrollment(db(), { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  await saveQuiz(db(), {
    courseId: course.id,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        timeLimitSec: 30,
      },
    ],
  });
  return course;
}

async function linkToLms(courseId: string, contextId: string, lineItemsUrl: string | null) {
  const platform = await db().ltiPlatform.upsert({
    where: { issuer_clientId: { issuer: "https://lms.example", clientId: "C1" } },
    create: {
      issuer: "https://lms.example",
      clientId: "C1",
      name: "LMS",
      authUrl: "https://lms.example/auth",
      tokenUrl: "https://lms.example/token",
      jwksUrl: "https://lms.example/jwks",
      keyId: "kid-1",
      registration: "MANUAL",
    },
    update: {},
  });
  await db().ltiCourseLink.create({
    data: { courseId, platformId: platform.id, deploymentId: "1", contextId, lineItemsUrl },
  });
}

/** Plays one game to the end (start, one answer, stop) and returns its session id. */
async function playGame(channel: string): Promise<string> {
  const space = { platform: "SLACK" as const, tenant: TEAM, channelId: channel };
  const { sessionId } = await engine.start({ actor: host, space });
  await engine.control({ sessionId, actor: host, command: "start" });
  await engine.answer({ sessionId, questionIndex: 0, actor: student, response: { choices: [1] } });
  await engine.control({ sessionId, actor: host, command: "stop" });
  return sessionId;
}

const gradeJobs = () => db().scheduledJob.findMany({ where: { queue: GRADEBOOK_QUEUE } });

describe("scheduleGradebookSync", () => {
  it("schedules nothing for a course without an LMS line items service", async () => {
    const course = await courseWithChannel("No LMS", "C-NOLMS");
    const sessionId = await playGame("C-NOLMS");
    expect(await db().quizResult.count({ where: { sessionId } })).toBe(1);
    await linkToLms(course.id, "ctx-no-ags", null);
    expect(await scheduleGradebookSync(db(), { sessionId, courseId: course.id })).toBe(false);
    expect(await gradeJobs()).toEqual([]);
  });

  it("is scheduled by the end of a live game when the course has an LMS gradebook, once per session", async () => {
    const course = await courseWithChannel("With LMS", "C-LMS");
    await linkToLms(course.id, "ctx-ags", "https://lms.example/api/lti/courses/1/line_items");
    const sessionId = await playGame("C-LMS");
    const [job, ...others] = await gradeJobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({ key: `grades:${sessionId}`, payload: { sessionId }, doneAt: null });
    expect(await scheduleGradebookSync(db(), { sessionId, courseId: course.id })).toBe(false);
    expect(await gradeJobs()).toHaveLength(1);
  });

  it("refuses ids that are not uuids", async () => {
    await expect(scheduleGradebookSync(db(), { sessionId: "s1", courseId: "c1" })).rejects.toThrow();
  });
});
