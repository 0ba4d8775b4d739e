import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { saveQuiz } from "../save-quiz.ts";
import { exportQuizResultsCsv } from "./export-results-csv.ts";

// A finished Slack game in a course also linked from an LMS: one player has linked their Slack account
// to their LMS account (so one person holds both identities), the other has not.
const TEAM = "T0CSV";
const ISSUER = "https://canvas.school.example";
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "U0HOST", displayName: "Ms Rivera" };
const ada: Actor = { platform: "SLACK", tenant: TEAM, externalId: "U0ADA", displayName: "Ada Lovelace" };
const bob: Actor = { platform: "SLACK", tenant: TEAM, externalId: "U0BOB", displayName: "Bob" };

let database: Database;
let courseId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const course = await createCourse(db, { name: "Geology 101" });
  courseId = course.id;
  await db.courseSpace.createMany({
    data: [
      { courseId, platform: "SLACK", kind: "SLACK_CHANNEL", tenant: TEAM, externalId: "C1" },
      { courseId, platform: "LTI", kind: "LTI_CONTEXT", tenant: ISSUER, externalId: "ctx-geo-101" },
    ],
  });
  const staff = await resolveUser(db, host);
  await ensureEnrollment(db, { courseId, userId: staff.userId, role: "STAFF", source: "MANUAL" });
  const adaUser = await resolveUser(db, ada);
  const bobUser = await resolveUser(db, bob);
  // Ada's accounts are linked: her LMS identity in this course's LMS, and one in an LMS the course is
  // not linked to, which must not show.
  await db.identity.createMany({
    data: [
      { userId: adaUser.userId, platform: "LTI", tenant: ISSUER, externalId: "lti-sub-ada" },
      {
        userId: adaUser.userId,
        platform: "LTI",
        tenant: "https://other.example",
        externalId: "elsewhere-ada",
      },
    ],
  });
  const { quizId } = await saveQuiz(db, {
    courseId,
    title: "Rocks of the ridge",
    origin: "AUTHORED",
    approved: true,
    questions: [
      { kind: "TRUE_FALSE", prompt: "Sandstone is a sedimentary rock.", answer: true, timeLimitSec: 10 },
    ],
  });
  const question = await db.question.findFirstOrThrow({ where: { quizId } });
  const session = await db.quizSession.create({
    data: {
      courseId,
      quizId,
      platform: "SLACK",
      tenant: TEAM,
      spaceId: "C1",
      hostUserId: staff.userId,
      options: {},
      state: "FINISHED",
      questionIndex: 0,
      endedAt: new Date("2030-03-02T10:00:00.000Z"),
    },
  });
  const result = (userId: string, displayName: string, score: number, rank: number) => ({
    sessionId: session.id,
    courseId,
    userId,
    displayName,
    score,
    accuracy: score ? 1 : 0,
    correctCount: score ? 1 : 0,
    partialCount: 0,
    incorrectCount: score ? 0 : 1,
    unanswered: 0,
    avgLatencyMs: 2000,
    bestStreak: score ? 1 : 0,
    rank,
  });
  await db.quizResult.createMany({
    data: [result(adaUser.userId, "Ada Lovelace", 950, 1), result(bobUser.userId, "Bob", 0, 2)],
  });
  await db.answer.createMany({
    data: [
      {
        sessionId: session.id,
        questionId: question.id,
        userId: adaUser.userId,
        choices: [0],
        correct: true,
        credit: 1,
        latencyMs: 2000,
        points: 950,
      },
      {
        sessionId: session.id,
        questionId: question.id,
        userId: bobUser.userId,
        choices: [1],
        correct: false,
        credit: 0,
        latencyMs: 2000,
        points: 0,
      },
    ],
  });
});
afterAll(() => database?.close());

describe("exportQuizResultsCsv", () => {
  it("keeps the old columns in order and adds the game's platform, each player's id there and their LMS id", async () => {
    const { csv, rows } = await exportQuizResultsCsv(database.prisma, { actor: host, courseId });
    const lines = csv.trim().split("\r\n");
    expect(rows).toBe(2);
    expect(lines[0]).toBe(
      "person,team,rank,score,accuracy,correct,partial,incorrect,unanswered,avg_seconds,best_streak,platform,platform_user_id,lms_user_id,q1_points",
    );
    expect(lines[1]).toBe("Ada Lovelace,,1,950,1.000,1,0,0,0,2.00,1,slack,U0ADA,lti-sub-ada,950");
    // Bob never linked an LMS account: the gradebook match stays empty rather than guessed.
    expect(lines[2]).toBe("Bob,,2,0,0.000,0,0,1,0,2.00,0,slack,U0BOB,,0");
  });
});
