// Course staff, not workspace admins, run the course (issue 11 §2): a link code lets a member of a
// channel link it without admin rights, and every refusal says why and changes nothing (the code stays
// unused). Also who gets codes, and staff added and removed by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { ensureEnrollment, roleChange } from "../courses/enrollments.ts";
import { listCourseStaff } from "../courses/list-course-staff.ts";
import { addCourseStaff, removeCourseStaff } from "../courses/manage-course-staff.ts";
import type { Database } from "../db/open-database.ts";
import { AppError } from "../errors/app-error.ts";
import { issueSpaceLinkCode } from "../links/issue-space-link-code.ts";
import { createLinkCode } from "../links/link-codes.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { bindSpace } from "./bind-space.ts";

const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-TEACH", displayName: "Ms Teach" };
const student = studentActor("U-STUDENT-LINK");
const channel = (id: string) => ({ platform: "SLACK" as const, tenant: "T1", channelId: id, name: id });
let database: Database;
let courseId: string;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Hydrology 101", [teacher], "STAFF")).id;
  const { userId } = await resolveUser(db(), { ...student, platform: "SLACK", tenant: "T1" });
  await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "SLACK" });
});
afterAll(() => database?.close());

/** Expects `run` to be refused with `message`, and no link or spent code to result. */
async function refused(run: () => Promise<unknown>, message: RegExp): Promise<void> {
  const [spaces, used] = [
    await db().courseSpace.count(),
    await db().linkCode.count({ where: { usedAt: { not: null } } }),
  ];
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).userMessage).toMatch(message);
  expect(await db().courseSpace.count()).toBe(spaces);
  expect(await db().linkCode.count({ where: { usedAt: { not: null } } })).toBe(used);
}

const slackStudent = { ...student, platform: "SLACK" as const, tenant: "T1" };

describe("linking a channel without admin rights", () => {
  it("links a channel its member holds a staff code for, and makes them staff", async () => {
    const { code, instructions } = await issueSpaceLinkCode(db(), {
      actor: teacher,
      course: "Hydrology 101",
    });
    expect(instructions).toContain(`/studyhall setup code ${code}`);
    expect(instructions).toContain(`/setup code:${code}`);
    const coTeacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-CO", displayName: "Co" };
    const bound = await bindSpace(db(), {
      actor: coTeacher,
      space: channel("C-HYDRO"),
      platformStaff: false,
      memberOfSpace: true,
      course: { code },
    });
    expect(bound).toMatchObject({ created: false, alreadyBound: false, course: { id: courseId } });
    const staff = await listCourseStaff(db(), { actor: teacher, courseId });
    expect(staff.map((s) => s.name).sort()).toEqual(["Co", "Ms Teach"]);
  });

  it("refuses a code used twice, saying it was used", async () => {
    const { code } = await issueSpaceLinkCode(db(), { actor: teacher, course: "hydrology-101" });
    await bindSpace(db(), {
      actor: teacher,
      space: channel("C-TWICE"),
      platformStaff: false,
      memberOfSpace: true,
      course: { code },
    });
    await refused(
      () =>
        bindSpace(db(), {
          actor: teacher,
          space: channel("C-TWICE-2"),
          platformStaff: false,
          memberOfSpace: true,
          course: { code },
        }),
      /already been used/,
    );
  });

  it("refuses an expired code, saying it expired", async () => {
    const { userId } = await resolveUser(db(), teacher);
    // A code made 31 minutes ago: its 30 minutes are over.
    const { code } = await createLinkCode(db(), {
      purpose: "BIND_SPACE",
      courseId,
      createdById: userId,
      now: new Date(Date.now() - 31 * 60_000),
    });
    await refused(
      () =>
        bindSpace(db(), {
          actor: teacher,
          space: channel("C-LATE"),
          platformStaff: false,
          memberOfSpace: true,
          course: { code },
        }),
      /expired/,
    );
  });

  it("refuses a channel the person is not in, and the code stays usable", async () => {
    const { code } = await issueSpaceLinkCode(db(), { actor: teacher, course: "Hydrology 101" });
    await refused(
      () =>
        bindSpace(db(), {
          actor: teacher,
          space: channel("C-NOT-MINE"),
          platformStaff: false,
          memberOfSpace: false,
          course: { code },
        }),
      /only link a channel you are a member of/,
    );
    const later = await bindSpace(db(), {
      actor: teacher,
      space: channel("C-MINE"),
      platformStaff: false,
      memberOfSpace: true,
      course: { code },
    });
    expect(later.course.id).toBe(courseId);
  });

  it("refuses a non-admin a new course or a whole workspace, and a code for a channel linked elsewhere", async () => {
    await refused(
      () =>
        bindSpace(db(), {
          actor: slackStudent,
          space: channel("C-NEW"),
          platformStaff: false,
          memberOfSpace: true,
          course: { create: "Study group" },
        }),
      /Only people who manage this server or workspace can make a new course/,
    );
    const { code } = await issueSpaceLinkCode(db(), { actor: teacher, course: "Hydrology 101" });
    await refused(
      () =>
        bindSpace(db(), {
          actor: teacher,
          space: channel("C-ANY"),
          scope: "tenant",
          platformStaff: false,
          memberOfSpace: true,
          course: { code },
        }),
      /link all of it/,
    );
    const other = await seedCourse(db(), "Geology", [teacher], "STAFF");
    await bindSpace(db(), {
      actor: teacher,
      space: channel("C-GEO"),
      platformStaff: true,
      course: { create: other.name },
    });
    await refused(
      () =>
        bindSpace(db(), {
          actor: teacher,
          space: channel("C-GEO"),
          platformStaff: false,
          memberOfSpace: true,
          course: { code },
        }),
      /already linked to "Geology"/,
    );
  });

  it("lets a platform admin link without a code", async () => {
    const admin: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-ADMIN" };
    const bound = await bindSpace(db(), {
      actor: admin,
      space: channel("C-ADMIN"),
      platformStaff: true,
      course: { create: "Admin's course" },
    });
    expect(bound.created).toBe(true);
  });

  it("refuses a student a link code, making none", async () => {
    const before = await db().linkCode.count();
    await expect(
      issueSpaceLinkCode(db(), { actor: slackStudent, space: channel("C-HYDRO") }),
    ).rejects.toThrow(
      expect.objectContaining({ userMessage: expect.stringMatching(/Only staff of Hydrology 101/) }),
    );
    expect(await db().linkCode.count()).toBe(before);
  });
});

describe("course staff by hand", () => {
  const ta: Actor = { platform: "DISCORD", tenant: "", externalId: "D-TA", displayName: "Tee Ay" };

  it("adds a TA as staff, audited, and an LMS launch saying Learner does not lower it", async () => {
    const added = await addCourseStaff(db(), { actor: teacher, courseId, target: { person: ta } });
    expect(added).toMatchObject({ changed: true, name: "Tee Ay" });
    const row = await db().enrollment.findUniqueOrThrow({
      where: { courseId_userId: { courseId, userId: added.userId } },
    });
    expect(row).toMatchObject({ role: "STAFF", roleSource: "MANUAL" });
    expect(roleChange(row, { role: "STUDENT", source: "LTI", lowerOwnRole: true })).toBeNull();
    expect(
      await db().auditEntry.count({ where: { action: "course.staff_added", targetId: added.userId } }),
    ).toBe(1);
    const again = await addCourseStaff(db(), { actor: teacher, courseId, target: { person: ta } });
    expect(again.changed).toBe(false);
  });

  it("refuses a student who tries to add or remove staff, changing nothing", async () => {
    const before = await db().enrollment.count({ where: { courseId, role: "STAFF" } });
    for (const run of [addCourseStaff, removeCourseStaff]) {
      await expect(run(db(), { actor: slackStudent, courseId, target: { person: ta } })).rejects.toThrow(
        expect.objectContaining({ userMessage: "Only course staff can add or remove staff." }),
      );
    }
    expect(await db().enrollment.count({ where: { courseId, role: "STAFF" } })).toBe(before);
  });

  it("removes a staff member back to student; the last staff member cannot remove themselves", async () => {
    const lone: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-LONE" };
    const small = await seedCourse(db(), "Tiny seminar", [lone], "STAFF");
    await expect(
      removeCourseStaff(db(), { actor: lone, courseId: small.id, target: { person: lone } }),
    ).rejects.toThrow(expect.objectContaining({ userMessage: expect.stringMatching(/only staff member/) }));
    expect(await db().enrollment.count({ where: { courseId: small.id, role: "STAFF" } })).toBe(1);
    expect(await db().auditEntry.count({ where: { courseId: small.id } })).toBe(0);

    const removed = await removeCourseStaff(db(), { actor: teacher, courseId, target: { person: ta } });
    expect(removed.changed).toBe(true);
    const row = await db().enrollment.findUniqueOrThrow({
      where: { courseId_userId: { courseId, userId: removed.userId } },
    });
    expect(row).toMatchObject({ role: "STUDENT", removedAt: null });
    expect(await db().auditEntry.count({ where: { action: "course.staff_removed" } })).toBe(1);
  });
});
