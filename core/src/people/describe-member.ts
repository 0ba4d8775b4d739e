import type { CourseRole, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Actor } from "./actor.ts";
import { getLearnerPreferences, type LearnerPreferences } from "./learner-preferences.ts";
import { resolveUser } from "./resolve-user.ts";

export interface MemberSummary {
  userId: string;
  displayName: string | null;
  /** Platforms this person has linked (their own ids are not repeated back). */
  platforms: Platform[];
  courses: Array<{ id: string; slug: string; name: string; role: CourseRole }>;
  preferences: LearnerPreferences;
  questionsAsked: number;
}

/** What StudyHall knows about the actor: for `/me` and the App Home. */
export async function describeMember(db: Prisma, actor: Actor): Promise<MemberSummary> {
  const { userId } = await resolveUser(db, actor);
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      identities: { select: { platform: true } },
      enrollments: { where: { removedAt: null }, include: { course: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return {
    userId,
    displayName: user.displayName,
    platforms: [...new Set(user.identities.map((i) => i.platform))],
    courses: user.enrollments
      .filter((e) => !e.course.archivedAt)
      .map((e) => ({ id: e.course.id, slug: e.course.slug, name: e.course.name, role: e.role })),
    preferences: await getLearnerPreferences(db, userId),
    questionsAsked: await db.usageLog.count({ where: { userId, kind: "TUTOR", refusedReason: null } }),
  };
}
