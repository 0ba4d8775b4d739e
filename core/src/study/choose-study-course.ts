import type { CourseRole } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { findSpaceCourse } from "../spaces/find-space-course.ts";
import type { SpaceRef } from "../spaces/space-ref.ts";

/** Where a study command or button comes from: who, and what tells its course. */
export interface StudyPlace {
  actor: Actor;
  /** The chat channel, or null for a DM and the LMS page. */
  space: SpaceRef | null;
  /** The LMS page knows its course. */
  courseId?: string;
  /** A course slug the person typed ("in:bio-101"). */
  course?: string;
}

export interface StudyCourse {
  courseId: string;
  role: CourseRole | null;
}

/**
 * The course a study command is about, decided once for every front end: the page's course, else the
 * channel's, else the course the person named, else their only course. With `span`, a person in
 * several courses gets null (the command covers all of them: due cards, history); without it they are
 * told their courses and how to name one.
 */
export async function chooseStudyCourse(
  db: Prisma,
  place: StudyPlace,
  options: { span: boolean },
): Promise<StudyCourse | null> {
  const member = { courses: await openCoursesOf(db, place.actor) };
  const roleIn = (courseId: string) => member.courses.find((c) => c.id === courseId)?.role ?? null;
  if (place.courseId) return { courseId: place.courseId, role: roleIn(place.courseId) };
  if (place.space) {
    const course = await findSpaceCourse(db, place.space);
    if (course) return { courseId: course.id, role: roleIn(course.id) };
  }
  if (place.course) {
    const wanted = place.course.toLowerCase();
    const named = member.courses.find((c) => c.slug.toLowerCase() === wanted);
    if (!named) {
      throw new AppError(ErrorCode.NotFound, "study course slug not among the person's courses", {
        userMessage: `You are not in a course called \`${place.course.slice(0, 60)}\`. ${yourCourses(member.courses)}`,
      });
    }
    return { courseId: named.id, role: named.role };
  }
  const [only, ...others] = member.courses;
  if (only && others.length === 0) return { courseId: only.id, role: only.role };
  if (!only) {
    throw new AppError(ErrorCode.NotFound, "person is in no course", {
      userMessage:
        "You are not in a course yet. Use this in a course's channel, or join one with the link code your teacher gives you.",
    });
  }
  if (options.span) return null;
  throw new AppError(ErrorCode.InvalidInput, "study command needs a course", {
    userMessage: `Which course? Use this in the course's channel, or add \`in:<course>\` to the command. ${yourCourses(member.courses)}`,
  });
}

/**
 * The open courses the person is in, oldest enrolment first: only what the choice needs, read on every
 * study command (describeMember would also count questions and read results and preferences).
 */
async function openCoursesOf(
  db: Prisma,
  actor: Actor,
): Promise<Array<{ id: string; slug: string; name: string; role: CourseRole }>> {
  const { userId } = await resolveUser(db, actor);
  const enrollments = await db.enrollment.findMany({
    where: { userId, removedAt: null, course: { archivedAt: null } },
    orderBy: { createdAt: "asc" },
    select: { role: true, course: { select: { id: true, slug: true, name: true } } },
  });
  return enrollments.map((e) => ({ ...e.course, role: e.role }));
}

function yourCourses(courses: Array<{ slug: string; name: string }>): string {
  if (courses.length === 0) return "You are not in any course yet.";
  return `Your courses: ${courses.map((c) => `\`${c.slug}\` (${c.name})`).join(", ")}.`;
}
