// Course staff run their course from chat and the LMS page (issue 11): link codes, co-teachers,
// settings, rename, archive and delete. Each power is tried by a student of the course and by the staff
// of another course; every attempt is refused in core's words and changes nothing.
import {
  type Actor,
  AppError,
  addCourseStaff,
  archiveCourse,
  type BudgetRule,
  type Database,
  deleteCourse,
  ensureEnrollment,
  issueSpaceLinkCode,
  removeCourseStaff,
  renameCourse,
  resolveUser,
  silentLogger,
  updateCourseSettings,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse } from "../support/course-fixtures.ts";
import { createTestDatabase } from "../support/test-database.ts";

const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-TEACH", displayName: "Ms Teach" };
const student: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-STU", displayName: "Stu" };
const otherTeacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-OTHER", displayName: "Oth" };
const logger = silentLogger();
/** The deployment's limits: a course may lower them, never raise them. */
const defaults: BudgetRule[] = [{ scope: "PER_USER", windowSeconds: 3600, maxRequests: 10 }];
let database: Database;
let courseId: string;
let studentId: string;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Geology 101", [teacher], "STAFF")).id;
  await seedCourse(db(), "Botany 101", [otherTeacher], "STAFF");
  studentId = (await resolveUser(db(), student)).userId;
  await ensureEnrollment(db(), { courseId, userId: studentId, role: "STUDENT", source: "SLACK" });
}, 120_000);
afterAll(() => database?.close());

/** Everything a refused attempt could have changed, as one comparable snapshot. */
async function snapshot() {
  const course = await db().course.findUniqueOrThrow({ where: { id: courseId } });
  return {
    course: { name: course.name, archivedAt: course.archivedAt, hostPolicy: course.hostPolicy },
    staff: await db().enrollment.count({ where: { courseId, role: "STAFF", removedAt: null } }),
    codes: await db().linkCode.count({ where: { courseId } }),
    budgets: await db().budget.count({ where: { courseId } }),
    audit: await db().auditEntry.count({ where: { courseId } }),
  };
}

async function refusedWithNothingChanged(attempt: () => Promise<unknown>, message: RegExp) {
  const before = await snapshot();
  const error = await attempt().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).userMessage).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

/** A student hears that it is for staff; a stranger to the course, that they are not in it. */
const STAFF_ONLY = /staff|not a member/i;

describe.each([
  ["a student of the course", student],
  ["the staff of another course", otherTeacher],
])("%s trying course staff's powers", (_who, actor) => {
  it("cannot get a link code that would make its holder staff", async () => {
    await refusedWithNothingChanged(
      () => issueSpaceLinkCode(db(), { actor, course: "Geology 101" }),
      STAFF_ONLY,
    );
  });

  it("cannot make themselves staff, nor remove the teacher", async () => {
    await refusedWithNothingChanged(
      () => addCourseStaff(db(), { actor, courseId, target: { person: actor } }),
      STAFF_ONLY,
    );
    await refusedWithNothingChanged(
      () => removeCourseStaff(db(), { actor, courseId, target: { person: teacher } }),
      STAFF_ONLY,
    );
  });

  it("cannot open the tutor to everyone or lift its budget through the settings", async () => {
    await refusedWithNothingChanged(
      () =>
        updateCourseSettings(
          db(),
          { actor, courseId, changes: { hostPolicy: "ENROLLED", questionsPerStudentPerHour: "" } },
          defaults,
        ),
      STAFF_ONLY,
    );
  });

  it("cannot rename, archive or delete the course, even typing its name", async () => {
    await refusedWithNothingChanged(() => renameCourse(db(), { actor, courseId, name: "Pwned" }), STAFF_ONLY);
    await refusedWithNothingChanged(
      () => archiveCourse(db(), { actor, courseId, archived: true }),
      STAFF_ONLY,
    );
    await refusedWithNothingChanged(
      () =>
        deleteCourse(
          { requester: { kind: "staff", actor, courseId }, course: courseId, confirmName: "Geology 101" },
          { db: db(), logger },
        ),
      STAFF_ONLY,
    );
  });
});

describe("course staff's own limits", () => {
  it("cannot raise the tutor budget above what the deployment allows (the operator pays for it)", async () => {
    const before = await snapshot();
    const error = await updateCourseSettings(
      db(),
      { actor: teacher, courseId, changes: { questionsPerStudentPerHour: "1000" } },
      defaults,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(await snapshot()).toEqual(before);
  });

  it("cannot delete the course without typing its name", async () => {
    await refusedWithNothingChanged(
      () =>
        deleteCourse(
          {
            requester: { kind: "staff", actor: teacher, courseId },
            course: courseId,
            confirmName: "Geology",
          },
          { db: db(), logger },
        ),
      /name/i,
    );
  });

  it("the last teacher cannot step down and leave the course without staff", async () => {
    await refusedWithNothingChanged(
      () => removeCourseStaff(db(), { actor: teacher, courseId, target: { person: teacher } }),
      /only staff/i,
    );
  });
});
