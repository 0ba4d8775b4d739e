import { requireEnrollment } from "../courses/enrollments.ts";
import type { CourseRole } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

/** A prisma client or an interactive transaction's client: the use cases below run in either. */
export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** Who is asking, in which course, with which role. */
export interface CourseMember {
  userId: string;
  courseId: string;
  role: CourseRole;
  platform: Actor["platform"];
}

/** The person behind `actor`, enrolled (not removed) in `courseId`; forbidden otherwise. */
export async function courseMember(db: Prisma, actor: Actor, courseId: string): Promise<CourseMember> {
  const { userId } = await resolveUser(db, actor);
  const { role } = await requireEnrollment(db, courseId, userId);
  return { userId, courseId, role, platform: actor.platform };
}

/** The same "not found" for an unknown deck, a malformed id, and a deck the person may not see. */
export function deckNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "deck not found", {
    userMessage: "That deck was not found. `decks` lists the ones you can use.",
  });
}

/** The same "not found" for an unknown card and one the person may not see. */
export function cardNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "card not found", {
    userMessage: "That card was not found: it may have been deleted, or it is not in one of your decks.",
  });
}

/** Staff-only refusal, in the same words as other staff actions. */
export function staffOnly(what: string): AppError {
  return new AppError(ErrorCode.Forbidden, `actor is not course staff (${what})`, {
    userMessage: `Only course staff can ${what}.`,
  });
}
