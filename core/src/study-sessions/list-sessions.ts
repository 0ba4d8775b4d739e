import type { StudyHallDeps } from "../deps.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { chooseStudyCourse, type StudyPlace } from "../study/choose-study-course.ts";
import { loadSessionViews, type StudySessionView } from "./session-view.ts";

/** Sessions shown by a list, and past sessions kept on it. */
const UPCOMING_SHOWN = 20;
const PAST_SHOWN = 10;

/**
 * The study sessions coming up (and happening now) in the place's course, or in every course of the
 * person when the place names none; with `includePast`, the last ended ones follow, newest first.
 */
export async function listStudySessions(
  deps: StudyHallDeps,
  place: StudyPlace,
  options: { includePast?: boolean } = {},
): Promise<StudySessionView[]> {
  const courseIds = await placeCourseIds(deps, place);
  const now = deps.clock();
  const upcoming = await loadSessionViews(
    deps.db,
    { courseId: { in: courseIds }, status: { in: ["SCHEDULED", "OPEN"] }, endsAt: { gt: now } },
    { orderBy: { startsAt: "asc" }, take: UPCOMING_SHOWN },
  );
  if (!options.includePast) return upcoming;
  const past = await loadSessionViews(
    deps.db,
    { courseId: { in: courseIds }, status: "ENDED" },
    { orderBy: { startsAt: "desc" }, take: PAST_SHOWN },
  );
  return [...upcoming, ...past];
}

/** The course of the place, else every open course the person is enrolled in. */
export async function placeCourseIds(deps: StudyHallDeps, place: StudyPlace): Promise<string[]> {
  const chosen = await chooseStudyCourse(deps.db, place, { span: true });
  if (chosen) return [chosen.courseId];
  const { userId } = await resolveUser(deps.db, place.actor);
  const enrollments = await deps.db.enrollment.findMany({
    where: { userId, removedAt: null, course: { archivedAt: null } },
    select: { courseId: true },
  });
  return enrollments.map((e) => e.courseId);
}
