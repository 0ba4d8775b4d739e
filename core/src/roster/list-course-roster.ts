import { z } from "zod";
import { requireStaff } from "../courses/enrollments.ts";
import type { CourseRole, EnrollmentSource, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const listCourseRosterInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});

export interface RosterEntry {
  userId: string;
  displayName: string | null;
  role: CourseRole;
  /** How the person joined: LTI (launch or roster), DISCORD, SLACK, MANUAL, ... */
  source: EnrollmentSource;
  /** Set when a roster sync no longer listed them; their history stays. */
  removedAt: Date | null;
  enrolledAt: Date;
  /** Every account linked to the person (no external ids: a page needs only where and what name). */
  identities: Array<{ platform: Platform; tenant: string; displayName: string | null }>;
}

export interface CourseRoster {
  total: number;
  active: number;
  removed: number;
  /** Active people first, then removed ones; by name within each. */
  members: RosterEntry[];
}

/** The course's enrolments with each person's linked accounts, a page at a time. Staff only. */
export async function listCourseRoster(
  db: Prisma,
  input: z.input<typeof listCourseRosterInput>,
): Promise<CourseRoster> {
  const { actor, courseId, offset, limit } = listCourseRosterInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const [active, removed, rows] = await Promise.all([
    db.enrollment.count({ where: { courseId, removedAt: null } }),
    db.enrollment.count({ where: { courseId, removedAt: { not: null } } }),
    db.enrollment.findMany({
      where: { courseId },
      orderBy: [
        { removedAt: { sort: "asc", nulls: "first" } },
        { user: { displayName: { sort: "asc", nulls: "last" } } },
        { id: "asc" },
      ],
      skip: offset,
      take: limit,
      include: {
        user: {
          select: {
            displayName: true,
            identities: {
              select: { platform: true, tenant: true, displayName: true },
              orderBy: { createdAt: "asc" },
            },
          },
        },
      },
    }),
  ]);
  return {
    total: active + removed,
    active,
    removed,
    members: rows.map((e) => ({
      userId: e.userId,
      displayName: e.user.displayName,
      role: e.role,
      source: e.source,
      removedAt: e.removedAt,
      enrolledAt: e.createdAt,
      identities: e.user.identities,
    })),
  };
}
