import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { mergeUsers } from "../links/merge-users.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { createCourse } from "./create-course.ts";
import { ensureEnrollment } from "./enrollments.ts";

let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function person(externalId: string, platform: "LTI" | "DISCORD" = "LTI") {
  const { userId } = await resolveUser(db(), { platform, tenant: "T", externalId });
  return userId;
}
const enrolment = (courseId: string, userId: string) =>
  db().enrollment.findUniqueOrThrow({ where: { courseId_userId: { courseId, userId } } });

describe("ensureEnrollment", () => {
  it("lets an LMS launch lower the staff role an earlier launch gave, and records who set each role", async () => {
    const { id: courseId } = await createCourse(db(), { name: "Roles 1" });
    const userId = await person("lms-1");
    const launch = (role: "STAFF" | "STUDENT") =>
      ensureEnrollment(db(), { courseId, userId, role, source: "LTI", lowerOwnRole: true });
    expect(await launch("STAFF")).toEqual({ role: "STAFF" });
    expect(await launch("STUDENT")).toEqual({ role: "STUDENT" });
    expect(await enrolment(courseId, userId)).toMatchObject({
      role: "STUDENT",
      source: "LTI",
      roleSource: "LTI",
    });
    expect(await launch("STAFF")).toEqual({ role: "STAFF" });
  });

  it("lowers a launch-raised role of a chat enrolment, but never a role given by hand or in chat", async () => {
    const { id: courseId } = await createCourse(db(), { name: "Roles 2" });
    const chatMember = await person("chat-1", "DISCORD");
    await ensureEnrollment(db(), { courseId, userId: chatMember, role: "STUDENT", source: "DISCORD" });
    await ensureEnrollment(db(), { courseId, userId: chatMember, role: "STAFF", source: "LTI" });
    expect(await enrolment(courseId, chatMember)).toMatchObject({
      role: "STAFF",
      source: "DISCORD",
      roleSource: "LTI",
    });
    await ensureEnrollment(db(), {
      courseId,
      userId: chatMember,
      role: "STUDENT",
      source: "LTI",
      lowerOwnRole: true,
    });
    expect(await enrolment(courseId, chatMember)).toMatchObject({ role: "STUDENT", source: "DISCORD" });

    const byHand = await person("hand-1");
    await ensureEnrollment(db(), { courseId, userId: byHand, role: "STUDENT", source: "LTI" });
    await ensureEnrollment(db(), { courseId, userId: byHand, role: "STAFF", source: "MANUAL" });
    const chatStaff = await person("chat-2", "DISCORD");
    await ensureEnrollment(db(), { courseId, userId: chatStaff, role: "STAFF", source: "DISCORD" });
    for (const userId of [byHand, chatStaff]) {
      expect(
        await ensureEnrollment(db(), {
          courseId,
          userId,
          role: "STUDENT",
          source: "LTI",
          lowerOwnRole: true,
        }),
      ).toEqual({ role: "STAFF" });
    }
    expect(await enrolment(courseId, byHand)).toMatchObject({ role: "STAFF", roleSource: "MANUAL" });
  });

  it("never lowers without lowerOwnRole: a chat join as a student leaves a staff role alone", async () => {
    const { id: courseId } = await createCourse(db(), { name: "Roles 3" });
    const userId = await person("lms-3");
    await ensureEnrollment(db(), { courseId, userId, role: "STAFF", source: "LTI" });
    expect(await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "LTI" })).toEqual({
      role: "STAFF",
    });
  });
});

describe("mergeUsers", () => {
  it("keeps the higher role with whoever set it", async () => {
    const { id: courseId } = await createCourse(db(), { name: "Roles 4" });
    const chat = await person("merge-chat", "DISCORD");
    const lms = await person("merge-lms");
    await ensureEnrollment(db(), { courseId, userId: chat, role: "STAFF", source: "LTI" });
    await ensureEnrollment(db(), { courseId, userId: lms, role: "STUDENT", source: "DISCORD" });
    await db().$transaction((tx) => mergeUsers(tx, chat, lms));
    expect(await enrolment(courseId, lms)).toMatchObject({
      role: "STAFF",
      source: "DISCORD",
      roleSource: "LTI",
    });
  });
});
