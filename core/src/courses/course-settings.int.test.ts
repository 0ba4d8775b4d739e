import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createHashedEmbedder } from "../ai/local/hashed-embedder.ts";
import type { Database } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { addMaterial } from "../materials/manage-materials.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { BudgetRule } from "../tutor/budget-usage.ts";
import { budgetRules } from "../tutor/budget-usage.ts";
import { getCourseSettings, updateCourseSettings } from "./course-settings.ts";
import { describeCourseSettings } from "./course-settings-lines.ts";
import { createCourse } from "./create-course.ts";
import { ensureEnrollment } from "./enrollments.ts";

let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const DEFAULTS: BudgetRule[] = [
  { scope: "PER_USER", windowSeconds: 3600, maxRequests: 30 },
  { scope: "PER_USER", windowSeconds: 86_400, maxTokens: 50_000 },
  { scope: "COURSE", windowSeconds: 86_400, maxTokens: 1_000_000 },
];

const actor = (externalId: string): Actor => ({ platform: "SLACK", tenant: "T1", externalId });

async function course(name: string) {
  const { id: courseId } = await createCourse(db(), { name });
  const staff = actor(`${name}-staff`);
  const student = actor(`${name}-student`);
  for (const [who, role] of [
    [staff, "STAFF"],
    [student, "STUDENT"],
  ] as const) {
    const { userId } = await resolveUser(db(), who);
    await ensureEnrollment(db(), { courseId, userId, role, source: "SLACK" });
  }
  return { courseId, staff, student };
}

const snapshot = async (courseId: string) => ({
  course: await db().course.findUniqueOrThrow({ where: { id: courseId } }),
  budgets: await db().budget.findMany({ where: { courseId }, orderBy: { windowSeconds: "asc" } }),
  audit: await db().auditEntry.count({ where: { courseId } }),
});

describe("course settings", () => {
  it("reads the defaults of a new course: staff only hosts and adds materials, the deployment's budgets", async () => {
    const { courseId, staff } = await course("Settings 1");
    const settings = await getCourseSettings(db(), { actor: staff, courseId }, DEFAULTS);
    expect(settings).toMatchObject({
      hostPolicy: "STAFF",
      materialsPolicy: "STAFF",
      answerPolicy: "FULL",
      quiz: { secondsPerQuestion: null, scoring: "speed", streaks: true, showRankings: true },
      budgets: {
        questionsPerStudentPerHour: { limit: 30, source: "default", fallback: 30 },
        tokensPerStudentPerDay: { limit: 50_000, source: "default" },
        tokensPerCoursePerDay: { limit: 1_000_000, source: "default" },
      },
    });
  });

  it("saves a partial change as a form gives it, audits it once, and the tutor's limits follow", async () => {
    const { courseId, staff } = await course("Settings 2");
    const after = await updateCourseSettings(
      db(),
      {
        actor: staff,
        courseId,
        changes: {
          hostPolicy: "anyone",
          answerPolicy: "hints",
          secondsPerQuestion: "20",
          streaks: "off",
          questionsPerStudentPerHour: "5",
          tokensPerCoursePerDay: "200000",
        },
      },
      DEFAULTS,
    );
    expect(after).toMatchObject({
      hostPolicy: "ENROLLED",
      materialsPolicy: "STAFF",
      answerPolicy: "HINTS",
      quiz: { secondsPerQuestion: 20, scoring: "speed", streaks: false, showRankings: true },
      budgets: {
        questionsPerStudentPerHour: { limit: 5, source: "course" },
        tokensPerStudentPerDay: { limit: 50_000, source: "default" },
        tokensPerCoursePerDay: { limit: 200_000, source: "course" },
      },
    });
    // The course's rows replace the deployment's of the same scope and window in the tutor's limits.
    const rules = await budgetRules(db(), courseId, DEFAULTS);
    expect(rules).toHaveLength(3);
    expect(rules).toContainEqual(
      expect.objectContaining({ scope: "PER_USER", windowSeconds: 3600, maxRequests: 5 }),
    );
    expect(rules).toContainEqual(expect.objectContaining({ scope: "COURSE", maxTokens: 200_000 }));
    const audit = await db().auditEntry.findMany({ where: { courseId, action: "course.settings_changed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      hostPolicy: "ENROLLED",
      secondsPerQuestion: 20,
      tokensPerCoursePerDay: 200_000,
    });
    expect(audit[0]?.details).not.toHaveProperty("answerPolicy");
    // The answer policy keeps the entry the policy shortcuts write, so the Activity page names it.
    const policy = await db().auditEntry.findMany({ where: { courseId, action: "course.policy_changed" } });
    expect(policy.map((e) => e.details)).toEqual([{ from: "FULL", to: "HINTS" }]);

    // Blank is "the deployment's default" again.
    const back = await updateCourseSettings(
      db(),
      { actor: staff, courseId, changes: { questionsPerStudentPerHour: "", secondsPerQuestion: "" } },
      DEFAULTS,
    );
    expect(back.budgets.questionsPerStudentPerHour).toEqual({ limit: 30, source: "default", fallback: 30 });
    expect(back.quiz.secondsPerQuestion).toBeNull();
  });

  it("turns the course leaderboard off and on, audited, and says so in the settings lines", async () => {
    const { courseId, staff, student } = await course("Settings leaderboard");
    expect((await getCourseSettings(db(), { actor: staff, courseId }, DEFAULTS)).leaderboard).toBe(true);
    const off = await updateCourseSettings(
      db(),
      { actor: staff, courseId, changes: { leaderboard: "off" } },
      DEFAULTS,
    );
    expect(off.leaderboard).toBe(false);
    expect((await db().course.findUniqueOrThrow({ where: { id: courseId } })).leaderboardEnabled).toBe(false);
    expect(describeCourseSettings(off)).toContain("**Course leaderboard:** off");
    const audit = await db().auditEntry.findMany({ where: { courseId, action: "course.settings_changed" } });
    expect(audit.map((e) => e.details)).toEqual([{ leaderboard: false }]);
    // Saving it unchanged audits nothing more.
    await updateCourseSettings(db(), { actor: staff, courseId, changes: { leaderboard: "no" } }, DEFAULTS);
    expect(await db().auditEntry.count({ where: { courseId, action: "course.settings_changed" } })).toBe(1);
    await expect(
      updateCourseSettings(db(), { actor: student, courseId, changes: { leaderboard: "on" } }, DEFAULTS),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateCourseSettings(db(), { actor: staff, courseId, changes: { leaderboard: "maybe" } }, DEFAULTS),
    ).rejects.toMatchObject({ userMessage: "Course leaderboard: choose on or off." });
    const on = await updateCourseSettings(
      db(),
      { actor: staff, courseId, changes: { leaderboard: true } },
      DEFAULTS,
    );
    expect(describeCourseSettings(on)).toContain("**Course leaderboard:** on");
  });

  it("refuses a student with the staff-only message and changes nothing", async () => {
    const { courseId, student } = await course("Settings 3");
    const before = await snapshot(courseId);
    await expect(
      updateCourseSettings(db(), { actor: student, courseId, changes: { hostPolicy: "anyone" } }, DEFAULTS),
    ).rejects.toMatchObject({ code: "forbidden", userMessage: "Only course staff can do that." });
    await expect(getCourseSettings(db(), { actor: student, courseId }, DEFAULTS)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await snapshot(courseId)).toEqual(before);
  });

  it("refuses out-of-range values naming each field, and saves none of the good ones beside them", async () => {
    const { courseId, staff } = await course("Settings 4");
    const before = await snapshot(courseId);
    const attempt = updateCourseSettings(
      db(),
      {
        actor: staff,
        courseId,
        changes: {
          materialsPolicy: "anyone",
          secondsPerQuestion: "2",
          tokensPerStudentPerDay: "-1",
          questionsPerStudentPerHour: "lots",
          answerPolicy: "everything",
        },
      },
      DEFAULTS,
    );
    await expect(attempt).rejects.toMatchObject({
      code: "invalid_input",
      details: {
        fields: {
          secondsPerQuestion: "Seconds per question must be a whole number from 5 to 300.",
          tokensPerStudentPerDay: "Tokens per student per day must be a whole number from 0 to 100000000.",
          questionsPerStudentPerHour:
            "Questions per student per hour must be a whole number from 0 to 10000.",
          answerPolicy: "Choose full, hints or socratic.",
        },
      },
    });
    expect(await snapshot(courseId)).toEqual(before);
  });

  it("lets a course tighten the deployment's limits but not lift them; 0 is no limit only where none is set", async () => {
    const { courseId, staff } = await course("Settings 6");
    const before = await snapshot(courseId);
    const lifting = { questionsPerStudentPerHour: "31", tokensPerCoursePerDay: "0" };
    await expect(
      updateCourseSettings(db(), { actor: staff, courseId, changes: lifting }, DEFAULTS),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: {
        fields: {
          questionsPerStudentPerHour:
            "Questions per student per hour can be at most 30, the limit this StudyHall is set up with.",
          tokensPerCoursePerDay:
            "Tokens per course per day can be at most 1000000, the limit this StudyHall is set up with.",
        },
      },
    });
    expect(await snapshot(courseId)).toEqual(before);
    // A deployment without a course token limit: 0 keeps it so, as a course row that limits nothing.
    const open = DEFAULTS.filter((r) => r.scope !== "COURSE");
    const after = await updateCourseSettings(
      db(),
      { actor: staff, courseId, changes: { tokensPerCoursePerDay: "0" } },
      open,
    );
    expect(after.budgets.tokensPerCoursePerDay).toEqual({ limit: null, source: "course", fallback: null });
    expect(await budgetRules(db(), courseId, open)).toHaveLength(2);
  });

  it("lets a student add materials only when the course allows anyone enrolled", async () => {
    const { courseId, staff, student } = await course("Settings 5");
    const deps = { db: db(), embedder: createHashedEmbedder(), logger: silentLogger() };
    const file = { actor: student, courseId, data: new TextEncoder().encode("Notes"), fileName: "n.txt" };
    await expect(addMaterial(file, deps)).rejects.toMatchObject({
      code: "forbidden",
      userMessage: "Only course staff can add materials to this course.",
    });
    expect(await db().material.count({ where: { courseId } })).toBe(0);
    await updateCourseSettings(
      db(),
      { actor: staff, courseId, changes: { materialsPolicy: "anyone" } },
      DEFAULTS,
    );
    const added = await addMaterial(file, deps);
    expect(added.material.courseId).toBe(courseId);
    await expect(addMaterial({ ...file, actor: actor("nobody") }, deps)).rejects.toMatchObject({
      userMessage: "You are not a member of this course.",
    });
  });
});
