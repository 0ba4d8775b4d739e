import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { type SpaceRef, WHOLE_TENANT } from "./space-ref.ts";

/**
 * The course bound to this channel, else to its whole guild/workspace; null when neither is bound.
 * Lookups are keyed by platform + tenant, so a space can never resolve to another tenant's course.
 * An archived course is still the space's course: the tutor answers there, and changes are refused
 * by requireOpenCourse with the sentence that says how to reopen it.
 */
export async function findSpaceCourse(db: Prisma, space: SpaceRef): Promise<Course | null> {
  const bindings = await db.courseSpace.findMany({
    where: {
      platform: space.platform,
      tenant: space.tenant,
      externalId: { in: [space.channelId, WHOLE_TENANT] },
    },
    include: { course: true },
  });
  const binding =
    bindings.find((b) => b.externalId === space.channelId) ??
    bindings.find((b) => b.externalId === WHOLE_TENANT);
  return binding?.course ?? null;
}

/** Like {@link findSpaceCourse}, but a missing binding is an error that says how to make one. */
export async function requireSpaceCourse(db: Prisma, space: SpaceRef): Promise<Course> {
  const course = await findSpaceCourse(db, space);
  if (!course) {
    throw new AppError(ErrorCode.NotFound, "space is not bound to a course", {
      userMessage:
        "This channel is not linked to a course yet. A teacher can link it with the setup command.",
      details: { platform: space.platform, tenant: space.tenant, channelId: space.channelId },
    });
  }
  return course;
}
