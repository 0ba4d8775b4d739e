import { z } from "zod";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";

const courseIdSchema = z.uuid();

/**
 * The course with this id, archived or not; null for an unknown or malformed id. For a front end that
 * already holds a course id it was given by core (an LMS session's course), not for ids people type.
 */
export async function findCourseById(db: Prisma, courseId: string): Promise<Course | null> {
  if (!courseIdSchema.safeParse(courseId).success) return null;
  return db.course.findUnique({ where: { id: courseId } });
}
