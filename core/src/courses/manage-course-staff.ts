import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { enrollmentSourceFor, requireStaff } from "./enrollments.ts";

/** The person whose role changes: a user we know (the LMS roster) or someone named on a chat platform. */
export const staffTargetSchema = z.union([z.object({ userId: z.uuid() }), z.object({ person: actorSchema })]);

export const changeCourseStaffInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  target: staffTargetSchema,
});

/** What {@link addCourseStaff} or {@link removeCourseStaff} did. */
export interface StaffChange {
  userId: string;
  /** The person's name as we know it, for the reply. */
  name: string | null;
  /** False when the person already had the role asked for: nothing was written. */
  changed: boolean;
}

/**
 * Makes a person staff of the course (a co-teacher or a TA: StudyHall has one staff role). Only staff
 * may. The role is set by hand (`roleSource` MANUAL), so no LMS launch or roster sync lowers it; a
 * person not yet in the course is enrolled. Audited as `course.staff_added`.
 */
export async function addCourseStaff(
  db: Prisma,
  input: z.input<typeof changeCourseStaffInput>,
): Promise<StaffChange> {
  const { actor, courseId, target } = changeCourseStaffInput.parse(input);
  const actorId = await requireStaffActor(db, actor, courseId);
  const userId = await targetUserId(db, target);
  const name = await nameOf(db, userId);
  return db.$transaction(async (tx) => {
    const existing = await tx.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } } });
    if (existing?.role === "STAFF" && !existing.removedAt) return { userId, name, changed: false };
    if (existing) {
      await tx.enrollment.update({
        where: { id: existing.id },
        data: { role: "STAFF", roleSource: "MANUAL", removedAt: null },
      });
    } else {
      const source = "person" in target ? enrollmentSourceFor(target.person.platform) : "MANUAL";
      await tx.enrollment.create({ data: { courseId, userId, role: "STAFF", source, roleSource: "MANUAL" } });
    }
    await recordAudit(tx, {
      action: "course.staff_added",
      courseId,
      actorId,
      actorPlatform: actor.platform,
      targetType: "person",
      targetId: userId,
    });
    return { userId, name, changed: true };
  });
}

/**
 * Makes a staff member a student of the course again (they keep their history and stay enrolled).
 * Only staff may, and a course always keeps one staff member: the last one cannot remove themselves.
 * Set by hand, so a chat platform's first contact does not raise it back. Audited as
 * `course.staff_removed`.
 */
export async function removeCourseStaff(
  db: Prisma,
  input: z.input<typeof changeCourseStaffInput>,
): Promise<StaffChange> {
  const { actor, courseId, target } = changeCourseStaffInput.parse(input);
  const actorId = await requireStaffActor(db, actor, courseId);
  const userId = await targetUserId(db, target);
  const name = await nameOf(db, userId);
  return db.$transaction(async (tx) => {
    // Locks the course's staff rows, so two staff removing each other at once cannot leave none.
    const staff = await tx.$queryRaw<Array<{ userId: string }>>`
      SELECT "userId" FROM "Enrollment"
      WHERE "courseId" = ${courseId}::uuid AND role = 'STAFF' AND "removedAt" IS NULL
      FOR UPDATE`;
    if (!staff.some((s) => s.userId === userId)) return { userId, name, changed: false };
    if (staff.length === 1) {
      throw new AppError(ErrorCode.Conflict, "the last staff member cannot step down", {
        userMessage:
          "You are this course's only staff member, so you cannot remove yourself. Add another staff member first.",
        details: { courseId, userId },
      });
    }
    await tx.enrollment.update({
      where: { courseId_userId: { courseId, userId } },
      data: { role: "STUDENT", roleSource: "MANUAL" },
    });
    await recordAudit(tx, {
      action: "course.staff_removed",
      courseId,
      actorId,
      actorPlatform: actor.platform,
      targetType: "person",
      targetId: userId,
    });
    return { userId, name, changed: true };
  });
}

async function requireStaffActor(
  db: Prisma,
  actor: z.infer<typeof actorSchema>,
  courseId: string,
): Promise<string> {
  const { userId } = await resolveUser(db, actor);
  try {
    await requireStaff(db, courseId, userId);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.Forbidden) {
      throw new AppError(ErrorCode.Forbidden, "only staff change course staff", {
        userMessage: "Only course staff can add or remove staff.",
        details: { courseId, userId },
        cause: error,
      });
    }
    throw error;
  }
  return userId;
}

async function targetUserId(db: Prisma, target: z.infer<typeof staffTargetSchema>): Promise<string> {
  if ("person" in target) return (await resolveUser(db, target.person)).userId;
  const user = await db.user.findUnique({ where: { id: target.userId }, select: { id: true } });
  if (!user) {
    throw new AppError(ErrorCode.NotFound, "staff target not found", {
      userMessage: "That person is not known to StudyHall.",
      details: { userId: target.userId },
    });
  }
  return user.id;
}

async function nameOf(db: Prisma, userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { displayName: true } });
  return user?.displayName ?? null;
}
