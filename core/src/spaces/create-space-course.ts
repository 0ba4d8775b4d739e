import { createCourse } from "../courses/create-course.ts";
import type { SpaceKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import type { SpaceRef } from "./space-ref.ts";

/**
 * Creates the course of a place that has none yet (an LMS context on its first launch) and binds the
 * place to it. False when a concurrent first launch bound the place first: that course is kept and
 * ours is dropped, so a place never has two courses.
 */
export async function createSpaceCourse(
  db: Prisma,
  input: { space: SpaceRef; kind: SpaceKind; deploymentId?: string; fallbackName: string },
): Promise<boolean> {
  const { space, kind } = input;
  const course = await createCourse(db, { name: space.name ?? input.fallbackName });
  try {
    await db.courseSpace.create({
      data: {
        courseId: course.id,
        platform: space.platform,
        kind,
        tenant: space.tenant,
        externalId: space.channelId,
        deploymentId: input.deploymentId ?? null,
        name: space.name ?? null,
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    await db.course.delete({ where: { id: course.id } });
    return false;
  }
}
