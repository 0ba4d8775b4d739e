// What course staff see of progress: one student's card, and the whole class at a glance. Staff
// only; a student asking gets the study tools' "Only course staff can do that."

import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { type Actor, actorSchema } from "../people/actor.ts";
import { courseNotFound, studyStaff } from "../study-guides/study-access.ts";
import { addLocalDays, localDateOf } from "../time/local-time.ts";
import {
  dailyXpSeries,
  namedPersonSelect,
  PROGRESS_CHART_DAYS,
  personProgress,
  progressName,
} from "./person-progress.ts";
import type { DailyXp, ProgressView, SkillView } from "./progress-view.ts";
import { readSkillAttempts } from "./skill-attempts-sql.ts";
import { SKILL_ATTEMPTS_COUNTED, skillsByPerson } from "./skills.ts";
import { computeStreak } from "./streak.ts";
import { WEAK_TOPIC_MIN_ATTEMPTS } from "./weakest-topics.ts";
import { readCourseDailyXp, readCourseXpTotals, readStreakDays } from "./xp-ledger-sql.ts";
import { levelFor } from "./xp-rules.ts";

/** The class at a glance, for course staff. */
export interface ClassProgressView {
  course: { id: string; name: string };
  /** Active students, by name. `level` and `xp` are in this course; `streak` is the person's current one. */
  students: Array<{
    userId: string;
    displayName: string;
    level: number;
    xp: number;
    xpLast7Days: number;
    streak: number;
    weakestTopic: string | null;
  }>;
  /** Per topic: the students' average mastery and how many attempted it; weakest first, what to go over again. */
  skills: Array<{ topic: string; mastery: number; students: number }>;
  /** The students' XP in the course per day, in the viewer's time zone's last 30 days. */
  last30Days: DailyXp[];
}

const DAY_MS = 86_400_000;
/** The rolling window of `xpLast7Days`. */
const RECENT_XP_DAYS = 7;

export const studentProgressInput = z.object({ actor: actorSchema, courseId: z.uuid(), userId: z.uuid() });
export const classProgressInput = z.object({ actor: actorSchema, courseId: z.uuid() });

function studentNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "person is not an active member of the course", {
    userMessage: "That person is not in this course.",
  });
}

/** One member's progress card in the course, as they see it themselves: for the course's staff only. */
export async function getStudentProgress(
  db: Prisma,
  input: { actor: Actor; courseId: string; userId: string },
  options: { now?: Date } = {},
): Promise<ProgressView> {
  const { actor, courseId, userId } = parseUseCaseInput(studentProgressInput, input, {
    courseId: () => courseNotFound(String(input.courseId)),
    userId: studentNotFound,
  });
  const staff = await studyStaff(db, actor, courseId);
  const enrollment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId, userId } },
    select: { removedAt: true },
  });
  if (!enrollment || enrollment.removedAt) throw studentNotFound();
  return personProgress(
    db,
    { userId, course: { id: courseId, name: staff.course.name } },
    options.now ?? new Date(),
  );
}

/**
 * The course's active students with their level, XP, last week's XP, streak and weakest topic, the
 * class's mastery per topic and its XP per day: for the course's staff only. A fixed number of
 * queries whatever the size of the class.
 */
export async function getClassProgress(
  db: Prisma,
  input: { actor: Actor; courseId: string },
  options: { now?: Date } = {},
): Promise<ClassProgressView> {
  const { actor, courseId } = parseUseCaseInput(classProgressInput, input, {
    courseId: () => courseNotFound(String(input.courseId)),
  });
  const now = options.now ?? new Date();
  const staff = await studyStaff(db, actor, courseId);
  const [enrollments, viewer] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId, role: "STUDENT", removedAt: null },
      select: {
        user: { select: { id: true, ...namedPersonSelect, studySettings: { select: { timeZone: true } } } },
      },
    }),
    db.studySettings.findUnique({ where: { userId: staff.userId }, select: { timeZone: true } }),
  ]);
  const userIds = enrollments.map((e) => e.user.id);
  const today = localDateOf(now, viewer?.timeZone ?? "UTC");
  const from = addLocalDays(today, 1 - PROGRESS_CHART_DAYS);
  const [totals, daily, streakDays, attempts] = await Promise.all([
    readCourseXpTotals(db, { courseId, userIds, since: new Date(now.getTime() - RECENT_XP_DAYS * DAY_MS) }),
    readCourseDailyXp(db, { courseId, userIds, from, to: today }),
    readStreakDays(db, userIds),
    readSkillAttempts(db, { userIds, courseId }, SKILL_ATTEMPTS_COUNTED),
  ]);
  const totalOf = new Map(totals.map((t) => [t.userId, t]));
  const skills = skillsByPerson(attempts, now);
  const students = enrollments
    .map(({ user }) => {
      const xp = totalOf.get(user.id);
      const ownToday = localDateOf(now, user.studySettings?.timeZone ?? "UTC");
      return {
        userId: user.id,
        displayName: progressName(user),
        level: levelFor(xp?.xp ?? 0).level,
        xp: xp?.xp ?? 0,
        xpLast7Days: xp?.xpSince ?? 0,
        streak: computeStreak(streakDays.get(user.id) ?? [], ownToday).current,
        weakestTopic: weakestOf(skills.get(user.id) ?? []),
      };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
  return {
    course: { id: courseId, name: staff.course.name },
    students,
    skills: classSkills([...skills.values()]),
    last30Days: dailyXpSeries(today, new Map(daily.map((d) => [d.day, d.xp])), PROGRESS_CHART_DAYS),
  };
}

/** The topic a student is weakest at, among those with enough attempts to tell. */
function weakestOf(skills: readonly SkillView[]): string | null {
  const counted = skills.filter((s) => s.attempts >= WEAK_TOPIC_MIN_ATTEMPTS);
  return (
    counted.reduce<SkillView | null>(
      (weakest, s) => (!weakest || s.mastery < weakest.mastery ? s : weakest),
      null,
    )?.topic ?? null
  );
}

/** Average mastery per topic over the students who attempted it, weakest first. */
function classSkills(perStudent: ReadonlyArray<readonly SkillView[]>): ClassProgressView["skills"] {
  const topics = new Map<string, { topic: string; sum: number; students: number }>();
  for (const skills of perStudent) {
    for (const skill of skills) {
      const key = skill.topic.toLowerCase();
      const entry = topics.get(key) ?? { topic: skill.topic, sum: 0, students: 0 };
      entry.sum += skill.mastery;
      entry.students += 1;
      topics.set(key, entry);
    }
  }
  return [...topics.values()]
    .map((t) => ({ topic: t.topic, mastery: t.sum / t.students, students: t.students }))
    .sort((a, b) => a.mastery - b.mastery || b.students - a.students || a.topic.localeCompare(b.topic));
}
