import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { type Actor, actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { courseNotFound, studyMember } from "../study-guides/study-access.ts";
import { personProgress } from "./person-progress.ts";
import type { ProgressView } from "./progress-view.ts";

export const getProgressInput = z.object({ actor: actorSchema, courseId: z.uuid().nullable() });

/**
 * The actor's own progress (the `/me` card and the LMS page): in one course they are a member of, or
 * (courseId null) across all their courses. A course they are not in gets the study tools' "not
 * found", whether it exists or not.
 */
export async function getProgress(
  db: Prisma,
  input: { actor: Actor; courseId: string | null },
  options: { now?: Date } = {},
): Promise<ProgressView> {
  const { actor, courseId } = parseUseCaseInput(getProgressInput, input, {
    courseId: () => courseNotFound(String(input.courseId)),
  });
  const now = options.now ?? new Date();
  if (courseId) {
    const member = await studyMember(db, actor, courseId);
    return personProgress(
      db,
      { userId: member.userId, course: { id: courseId, name: member.course.name } },
      now,
    );
  }
  const { userId } = await resolveUser(db, actor);
  return personProgress(db, { userId, course: null }, now);
}
