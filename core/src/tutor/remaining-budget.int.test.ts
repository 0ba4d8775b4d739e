// What remains of a course's limits for a person, and when it comes back, on fixed timestamps: rows are
// written with their own createdAt and every call is given `now`, so no wall clock is read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { AppError } from "../errors/app-error.ts";
import { describeMember } from "../people/describe-member.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { describeAllowances } from "./budget-reply.ts";
import type { BudgetRule } from "./budget-usage.ts";
import { remainingBudget } from "./remaining-budget.ts";
import { checkTutorBudget } from "./tutor-limits.ts";

const NOW = new Date("2026-03-10T14:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const LIMITS: BudgetRule[] = [
  { scope: "PER_USER", windowSeconds: 3600, maxRequests: 2 },
  { scope: "PER_USER", windowSeconds: 86_400, maxTokens: 4_000 },
  { scope: "COURSE", windowSeconds: 86_400, maxTokens: 10_000 },
];
const student = studentActor("U-BUDGET-1");
const other = studentActor("U-BUDGET-2");
const staff = studentActor("U-BUDGET-STAFF");
let database: Database;
let courseId: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(database.prisma, "Budget Course", [student, other])).id;
  await seedCourse(database.prisma, "Unused", [staff], "STAFF");
  userId = (await resolveUser(database.prisma, student)).userId;
  const otherId = (await resolveUser(database.prisma, other)).userId;
  const staffId = (await resolveUser(database.prisma, staff)).userId;
  const row = (who: string, minutesAgo: number, tokens: number, extra: object = {}) => ({
    userId: who,
    courseId,
    platform: "DISCORD" as const,
    question: "q",
    answered: true,
    latencyMs: 1,
    tokensIn: tokens,
    tokensOut: 0,
    model: "m",
    retrieved: [],
    createdAt: ago(minutesAgo),
    ...extra,
  });
  await database.prisma.usageLog.createMany({
    data: [
      row(userId, 120, 2_000),
      row(userId, 50, 1_000),
      row(userId, 30, 500),
      // A refusal counts for nothing; nor does a row older than every window.
      row(userId, 10, 0, { answered: false, refusedReason: "rate_limited" }),
      row(userId, 25 * 60, 9_999),
      row(otherId, 20, 700),
      row(staffId, 180, 5_000, { kind: "QUIZ_GENERATION", question: "" }),
    ],
  });
});
afterAll(() => database?.close());

describe("remainingBudget", () => {
  it("counts tutor questions in the hour, and every kind of token use for the person and the course", async () => {
    const allowances = await remainingBudget(database.prisma, {
      courseId,
      userId,
      defaults: LIMITS,
      now: NOW,
    });

    expect(allowances).toEqual([
      // Spent: back when the oldest question of the hour (50 minutes ago) leaves it.
      {
        scope: "PER_USER",
        measure: "requests",
        windowSeconds: 3600,
        limit: 2,
        used: 2,
        remaining: 0,
        resetsAt: new Date("2026-03-10T14:10:00Z"),
      },
      // Rolling day: some comes back when the oldest counted row (2 hours ago) leaves it.
      {
        scope: "PER_USER",
        measure: "tokens",
        windowSeconds: 86_400,
        limit: 4_000,
        used: 3_500,
        remaining: 500,
        resetsAt: new Date("2026-03-11T12:00:00Z"),
      },
      // The course's day includes another student's tokens and staff's quiz generation.
      {
        scope: "COURSE",
        measure: "tokens",
        windowSeconds: 86_400,
        limit: 10_000,
        used: 9_200,
        remaining: 800,
        resetsAt: new Date("2026-03-11T11:00:00Z"),
      },
    ]);
    expect(describeAllowances(allowances, NOW)).toBe(
      "Today: 0 of 2 questions left this hour, more at 14:10 UTC (in 10 minutes); 500 of 4,000 tokens left for you today; 800 of 10,000 tokens left for the course today",
    );
  });

  it("a course's own Budget rows replace the defaults of the same scope and window", async () => {
    await database.prisma.budget.create({
      data: { courseId, scope: "PER_USER", windowSeconds: 3600, maxRequests: 5 },
    });
    try {
      const [questions] = await remainingBudget(database.prisma, {
        courseId,
        userId,
        defaults: LIMITS,
        now: NOW,
      });
      expect(questions).toMatchObject({
        limit: 5,
        used: 2,
        remaining: 3,
        resetsAt: new Date("2026-03-10T14:10:00Z"),
      });
    } finally {
      await database.prisma.budget.deleteMany({ where: { courseId } });
    }
  });

  it("a token limit passed by far comes back only when enough of the oldest use has left the window", async () => {
    const tight: BudgetRule[] = [{ scope: "PER_USER", windowSeconds: 86_400, maxTokens: 1_500 }];
    const [tokens] = await remainingBudget(database.prisma, { courseId, userId, defaults: tight, now: NOW });
    // 3,500 used of 1,500: the 2,000 from 2 hours ago leaving is not enough (1,500 left, still at the
    // limit); once the 1,000 from 50 minutes ago leaves too, 500 remain.
    expect(tokens).toMatchObject({ used: 3_500, remaining: 0, resetsAt: new Date("2026-03-11T13:10:00Z") });
  });

  it("the tutor's refusal names the same moment", async () => {
    const refused = await checkTutorBudget(database.prisma, {
      courseId,
      userId,
      defaults: LIMITS,
      now: NOW,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).userMessage).toBe(
      "You have asked 2 questions in the last hour, the limit for this course. You can ask again at 14:10 UTC (in 10 minutes).",
    );
    const course: BudgetRule[] = [{ scope: "COURSE", windowSeconds: 86_400, maxTokens: 9_000 }];
    const courseRefusal = await checkTutorBudget(database.prisma, {
      courseId,
      userId,
      defaults: course,
      now: NOW,
    }).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(courseRefusal?.userMessage).toBe(
      "This course has used its tutor allowance for the last day. The tutor can answer again at 11:00 UTC tomorrow (in 21 hours); tell your teacher if this keeps happening.",
    );
  });

  it("describeMember tells what remains when asked, per course", async () => {
    const plain = await describeMember(database.prisma, student);
    expect(plain.tutorAllowance).toBeNull();
    const me = await describeMember(database.prisma, student, { budget: { limits: LIMITS, now: NOW } });
    expect(me.tutorAllowance).toBe(
      "Today: 0 of 2 questions left this hour, more at 14:10 UTC (in 10 minutes); 500 of 4,000 tokens left for you today; 800 of 10,000 tokens left for the course today",
    );
    const noLimits = await describeMember(database.prisma, student, { budget: { limits: [] } });
    expect(noLimits.tutorAllowance).toBeNull();
  });
});
