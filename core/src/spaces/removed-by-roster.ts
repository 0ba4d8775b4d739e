import type { EnrollmentSource } from "../db/generated/enums.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** Who keeps the class list, by the source of an enrolment a roster sync removed. */
const ROSTER_KEEPERS: Partial<Record<EnrollmentSource, string>> = {
  LTI: "Your LMS course",
  CLEVER: "Your district's Clever roster",
  ONEROSTER: "Your district's roster",
};

/**
 * The refusal a person meets in a chat space of a course whose roster removed them: it names the course
 * and who keeps its class list, so a student removed from a section knows why the channel they were
 * using shuts and who can change it. An enrolment of another source gets the plain "not a member".
 */
export function removedByRosterError(
  course: { id: string; name: string },
  source: EnrollmentSource,
  userId: string,
): AppError {
  const keeper = ROSTER_KEEPERS[source];
  return new AppError(ErrorCode.Forbidden, "actor was removed from the course by its roster", {
    userMessage: keeper
      ? `${keeper} no longer lists you in "${course.name}", so you can't use it here. If that is a mistake, ask your teacher.`
      : "You are not a member of this course.",
    details: { courseId: course.id, userId, source },
  });
}
