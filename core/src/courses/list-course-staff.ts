import { z } from "zod";
import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { requireEnrollment } from "./enrollments.ts";

export const listCourseStaffInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
});

/** One staff member, with their accounts so each front end can mention them its own way. */
export interface CourseStaffMember {
  userId: string;
  name: string | null;
  identities: Array<{ platform: Platform; tenant: string; externalId: string }>;
}

/**
 * The course's active staff, oldest first. Any member of the course may ask (students want to know
 * whom to ask for a link code); people outside it are refused like any other course read.
 */
export async function listCourseStaff(
  db: Prisma,
  input: z.input<typeof listCourseStaffInput>,
): Promise<CourseStaffMember[]> {
  const { actor, courseId } = listCourseStaffInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const rows = await db.enrollment.findMany({
    where: { courseId, role: "STAFF", removedAt: null },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      user: {
        select: {
          id: true,
          displayName: true,
          identities: { select: { platform: true, tenant: true, externalId: true } },
        },
      },
    },
  });
  return rows.map(({ user }) => ({ userId: user.id, name: user.displayName, identities: user.identities }));
}

/** The staff list as one line, the same on every chat platform (names, as mentions are per platform). */
export function describeCourseStaff(courseName: string, staff: CourseStaffMember[]): string {
  const names = staff.map((m) => m.name ?? "someone without a name");
  return `Staff of **${courseName}** (${staff.length}): ${names.join(", ")}`;
}
