import type { Prisma } from "../db/open-database.ts";
import type { PrivacyScope } from "./privacy-requester.ts";

// One person's study sessions in their export: the sessions they scheduled, their answers to
// invitations and what counted them as attending, and their calendar addresses (when made and whether
// turned off, never the secret). In a course-scoped export only that course's; a person's own calendar
// spans courses, so it is in the operator's export only.

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function sessionsSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const inCourse = scope.kind === "course" ? { courseId: scope.courseId } : {};
  const [scheduled, rsvps, attendance, feeds] = await Promise.all([
    db.studySession.findMany({
      where: { createdById: userId, ...inCourse },
      include: { course: { select: { slug: true } } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    }),
    db.studySessionRsvp.findMany({
      where: { userId, session: inCourse },
      include: { session: { select: { title: true, startsAt: true, course: { select: { slug: true } } } } },
      orderBy: [{ updatedAt: "asc" }],
    }),
    db.studySessionAttendance.findMany({
      where: { userId, session: inCourse },
      include: { session: { select: { title: true, course: { select: { slug: true } } } } },
      orderBy: [{ at: "asc" }],
    }),
    scope.kind === "all"
      ? db.calendarFeed.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })
      : Promise.resolve([]),
  ]);
  return {
    scheduled: scheduled.map((s) => ({
      course: s.course.slug,
      title: s.title,
      startsAt: iso(s.startsAt),
      status: s.status,
    })),
    rsvps: rsvps.map((r) => ({
      course: r.session.course.slug,
      session: r.session.title,
      startsAt: iso(r.session.startsAt),
      answer: r.status,
    })),
    attendance: attendance.map((a) => ({
      course: a.session.course.slug,
      session: a.session.title,
      kind: a.kind,
      at: iso(a.at),
    })),
    calendars: feeds.map((f) => ({ createdAt: iso(f.createdAt), revokedAt: iso(f.revokedAt) })),
  };
}
