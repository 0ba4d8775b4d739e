import type { Prisma } from "../db/open-database.ts";
import type { PrivacyScope } from "./privacy-requester.ts";

// One person's notifications in their export: each with its kind, words, course and times (the
// course's own slug; in a course-scoped export only that course's), and their notification settings
// for an operator (they are the person's own across courses, like their study settings).

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function notificationsSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const [rows, settings] = await Promise.all([
    db.notification.findMany({
      where: { userId, ...(scope.kind === "course" ? { courseId: scope.courseId } : {}) },
      include: { course: { select: { slug: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    scope.kind === "all"
      ? db.studySettings.findUnique({
          where: { userId },
          select: {
            notificationsOff: true,
            notificationDigest: true,
            digestHour: true,
            lastNotifiedAt: true,
          },
        })
      : Promise.resolve(null),
  ]);
  return {
    items: rows.map((n) => ({
      kind: n.kind,
      course: n.course?.slug ?? null,
      title: n.title,
      body: n.body,
      createdAt: iso(n.createdAt),
      sentAt: iso(n.sentAt),
      readAt: iso(n.readAt),
    })),
    settings: settings && { ...settings, lastNotifiedAt: iso(settings.lastNotifiedAt) },
  };
}
