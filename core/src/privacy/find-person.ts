import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import type { PersonRef } from "./person-key.ts";
import type { PrivacyScope } from "./privacy-requester.ts";

export interface FoundPerson {
  userId: string;
  displayName: string | null;
  createdAt: Date;
}

/**
 * The person a reference names, without creating anyone (unlike resolveUser): an unknown account is a
 * clear refusal, not a new empty person. Anonymous stand-ins of deleted people are never found.
 */
export async function findPerson(db: Prisma, ref: PersonRef): Promise<FoundPerson> {
  const userId =
    "userId" in ref
      ? ref.userId
      : (
          await db.identity.findUnique({
            where: { platform_tenant_externalId: ref.identity },
            select: { userId: true },
          })
        )?.userId;
  const user = userId
    ? await db.user.findFirst({
        where: { id: userId, anonymous: false },
        select: { id: true, displayName: true, createdAt: true },
      })
    : null;
  if (!user) {
    throw new AppError(ErrorCode.NotFound, "no such person", {
      userMessage: "No one with that account is known to StudyHall.",
    });
  }
  return { userId: user.id, displayName: user.displayName, createdAt: user.createdAt };
}

/**
 * The person, when the request is scoped to one course: they must have been in that course (an
 * enrolment that a roster sync marked removed still counts: their history there is kept). Someone
 * unknown and someone only in other courses get the same answer, so staff cannot probe who exists.
 */
export async function findPersonInScope(
  db: Prisma,
  ref: PersonRef,
  scope: PrivacyScope,
): Promise<FoundPerson> {
  if (scope.kind === "all") return findPerson(db, ref);
  const notInCourse = new AppError(ErrorCode.NotFound, "person not in the requester's course", {
    userMessage: "That person is not in this course.",
    details: { courseId: scope.courseId },
  });
  const person = await findPerson(db, ref).catch((error: unknown) => {
    throw isAppError(error, ErrorCode.NotFound) ? notInCourse : error;
  });
  const enrolment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: scope.courseId, userId: person.userId } },
    select: { id: true },
  });
  if (!enrolment) throw notInCourse;
  return person;
}
