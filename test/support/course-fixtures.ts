import { readFile } from "node:fs/promises";
import path from "node:path";
import { createCourse } from "../../core/src/courses/create-course.ts";
import { ensureEnrollment } from "../../core/src/courses/enrollments.ts";
import type { Prisma } from "../../core/src/db/open-database.ts";
import type { Actor } from "../../core/src/people/actor.ts";
import { resolveUser } from "../../core/src/people/resolve-user.ts";
import { repoRoot } from "./run-process.ts";

/** A Discord student with stable fake ids, as in recorded fixtures. */
export function studentActor(id = "U1001", tenant = ""): Actor {
  return { platform: "DISCORD", tenant, externalId: id, displayName: `Student ${id}` };
}

/** Creates a course and enrols `actors` in it (first as staff when `staff` is set). */
export async function seedCourse(
  db: Prisma,
  name: string,
  actors: Actor[],
  role: "STAFF" | "STUDENT" = "STUDENT",
) {
  const course = await createCourse(db, { name });
  for (const actor of actors) {
    const { userId } = await resolveUser(db, actor);
    await ensureEnrollment(db, { courseId: course.id, userId, role, source: "MANUAL" });
  }
  return course;
}

/** The sample reader shipped in examples/ (also used by the README walk-through). */
export function sampleMaterial(): Promise<Buffer> {
  return readFile(path.join(repoRoot, "examples", "cell-biology.md"));
}
