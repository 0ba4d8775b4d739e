import type { CourseRole, Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { type RecentQuizResult, recentQuizResults } from "../quiz/results/recent-results.ts";
import { describeCourseAllowances } from "../tutor/budget-reply.ts";
import type { BudgetRule } from "../tutor/budget-usage.ts";
import { remainingBudget } from "../tutor/remaining-budget.ts";
import type { Actor } from "./actor.ts";
import { getLearnerPreferences, type LearnerPreferences } from "./learner-preferences.ts";
import { resolveUser } from "./resolve-user.ts";

export interface MemberSummary {
  userId: string;
  displayName: string | null;
  /** Platforms this person has linked (their own ids are not repeated back). */
  platforms: Platform[];
  /** Open courses (archived ones are hidden from pickers). */
  courses: Array<{ id: string; slug: string; name: string; role: CourseRole }>;
  /** Archived courses the person is still in: read-only, but their tutor still answers. */
  archivedCourses: Array<{ id: string; slug: string; name: string; role: CourseRole }>;
  preferences: LearnerPreferences;
  questionsAsked: number;
  /**
   * What remains of the tutor's limits in each course ("Today: 7 of 10 questions left this hour; …"),
   * one line per course; null when not asked for or no course has limits.
   */
  tutorAllowance: string | null;
  /** The latest quiz results, newest first, so a result sent at the end of a game can be found again. */
  recentResults: RecentQuizResult[];
}

export interface DescribeMemberOptions {
  /** Ask for `tutorAllowance` under the deployment's default limits (the tutor's `limits`). */
  budget?: { limits: BudgetRule[]; now?: Date };
}

/** What StudyHall knows about the actor: for `/me` and the App Home. */
export async function describeMember(
  db: Prisma,
  actor: Actor,
  options: DescribeMemberOptions = {},
): Promise<MemberSummary> {
  const { userId } = await resolveUser(db, actor);
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      identities: { select: { platform: true } },
      enrollments: { where: { removedAt: null }, include: { course: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const courseOf = (e: (typeof user.enrollments)[number]) => ({
    id: e.course.id,
    slug: e.course.slug,
    name: e.course.name,
    role: e.role,
  });
  const courses = user.enrollments.filter((e) => !e.course.archivedAt).map(courseOf);
  const archivedCourses = user.enrollments.filter((e) => e.course.archivedAt).map(courseOf);
  return {
    userId,
    displayName: user.displayName,
    platforms: [...new Set(user.identities.map((i) => i.platform))],
    courses,
    archivedCourses,
    preferences: await getLearnerPreferences(db, userId),
    questionsAsked: await db.usageLog.count({ where: { userId, kind: "TUTOR", refusedReason: null } }),
    tutorAllowance: options.budget ? await allowanceOf(db, userId, courses, options.budget) : null,
    recentResults: await recentQuizResults(db, userId),
  };
}

async function allowanceOf(
  db: Prisma,
  userId: string,
  courses: Array<{ id: string; name: string }>,
  budget: { limits: BudgetRule[]; now?: Date },
): Promise<string | null> {
  const now = budget.now ?? new Date();
  const each = await Promise.all(
    courses.map(async (c) => ({
      name: c.name,
      allowances: await remainingBudget(db, { courseId: c.id, userId, defaults: budget.limits, now }),
    })),
  );
  return describeCourseAllowances(each, now);
}
