import { z } from "zod";
import { enrollmentSourceFor, ensureEnrollment } from "../courses/enrollments.ts";
import type { Course } from "../db/generated/client.ts";
import type { CourseRole } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { requireSpaceCourse } from "./find-space-course.ts";
import { removedByRosterError } from "./removed-by-roster.ts";
import { spaceRefSchema } from "./space-ref.ts";

export const enterSpaceInput = z.object({
  actor: actorSchema,
  space: spaceRefSchema,
  /**
   * The platform says this person manages the space (Discord Manage Server or a configured staff role,
   * a Slack workspace admin). Such people are course staff; everyone else joins as a student.
   */
  platformStaff: z.boolean().default(false),
  /**
   * `platformStaff` is the platform's whole word on the person's role here (an LMS launch's context
   * roles): a staff role this platform set earlier is lowered when it is false. Chat platforms leave
   * it off, since not managing a server says nothing about someone's place in the course.
   */
  platformStatesRole: z.boolean().default(false),
});

export interface SpaceMember {
  course: Course;
  userId: string;
  role: CourseRole;
}

/**
 * The course of a bound space and the actor's place in it. Taking part in a bound channel is joining
 * its course: people are enrolled as students on first contact (staff when the platform says they
 * manage the space), unless a roster sync removed them, in which case they are refused. A platform
 * that states the role (`platformStatesRole`) also lowers a staff role it gave earlier.
 */
export async function enterSpace(db: Prisma, input: z.input<typeof enterSpaceInput>): Promise<SpaceMember> {
  const { actor, space, platformStaff, platformStatesRole } = enterSpaceInput.parse(input);
  if (actor.platform !== space.platform) {
    throw new AppError(ErrorCode.InvalidInput, "actor and space are on different platforms");
  }
  const course = await requireSpaceCourse(db, space);
  const { userId } = await resolveUser(db, actor);
  const existing = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: course.id, userId } },
  });
  if (existing?.removedAt && existing.source !== enrollmentSourceFor(actor.platform) && !platformStaff) {
    // Removed by a roster (the LMS's, the district's): the roster is the authority on who is in the class.
    throw removedByRosterError(course, existing.source, userId);
  }
  const { role } = await ensureEnrollment(db, {
    courseId: course.id,
    userId,
    role: platformStaff ? "STAFF" : "STUDENT",
    source: enrollmentSourceFor(actor.platform),
    lowerOwnRole: platformStatesRole,
  });
  return { course, userId, role };
}
