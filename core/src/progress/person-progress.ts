// One person's ProgressView, once who may see it has been decided (get-progress.ts for the person
// themselves, class-progress.ts for course staff). A handful of queries whatever the person did.

import type { Prisma } from "../db/open-database.ts";
import { displayNameOf } from "../people/display-name.ts";
import { addLocalDays, localDateOf } from "../time/local-time.ts";
import type { DailyXp, ProgressView } from "./progress-view.ts";
import { readSkills } from "./skills.ts";
import { computeStreak } from "./streak.ts";
import { weakestTopics } from "./weakest-topics.ts";
import { readXpDays } from "./xp-ledger-sql.ts";
import { levelFor } from "./xp-rules.ts";

/** Days in the XP chart, the last one today. */
export const PROGRESS_CHART_DAYS = 30;
/** Skills shown, strongest first. */
export const PROGRESS_SKILLS_SHOWN = 8;
/** The name of someone with no name on record, as finished quiz attempts call them. */
export const UNNAMED_PERSON = "Student";

/** The names StudyHall knows a person by: their own, else a linked account's (latest seen first). */
export interface NamedPerson {
  displayName: string | null;
  identities: ReadonlyArray<{ displayName: string | null }>;
}

/** The select that reads a {@link NamedPerson} from a User. */
export const namedPersonSelect = {
  displayName: true,
  identities: { select: { displayName: true }, orderBy: { lastSeenAt: "desc" } },
} as const;

/** The name shown for a person on progress views (display-name.ts's rule, then a linked account's). */
export function progressName(person: NamedPerson): string {
  return (
    displayNameOf({ displayName: person.displayName }) ??
    person.identities.map((i) => displayNameOf({ displayName: i.displayName })).find(Boolean) ??
    UNNAMED_PERSON
  );
}

/** `days` entries ending on `today`, oldest first, zeros included. */
export function dailyXpSeries(today: string, xpByDay: ReadonlyMap<string, number>, days: number): DailyXp[] {
  return Array.from({ length: days }, (_, i) => {
    const date = addLocalDays(today, i - (days - 1));
    return { date, xp: xpByDay.get(date) ?? 0 };
  });
}

/**
 * The progress of `userId` in `course` (null: every course): levels from the XP ledger, the streak from
 * the local days XP was earned on (every course) and today in the person's time zone, XP per day for
 * the last {@link PROGRESS_CHART_DAYS} days, skills and the weakest topics with suggestions. The
 * overall level counts XP from courses the person has left too: points earned stay earned, while
 * skills and suggestions follow only the courses they are still in.
 */
export async function personProgress(
  db: Prisma,
  input: { userId: string; course: { id: string; name: string } | null },
  now: Date,
): Promise<ProgressView> {
  const { userId, course } = input;
  const courseId = course?.id ?? null;
  const [user, xpDays, skills] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { ...namedPersonSelect, studySettings: { select: { timeZone: true } } },
    }),
    readXpDays(db, { userId, courseId }),
    readSkills(db, { userId, courseId }, { now }),
  ]);
  const weakest = await weakestTopics(db, { userId, courseId, skills });
  const timeZone = user.studySettings?.timeZone ?? "UTC";
  const today = localDateOf(now, timeZone);
  const overallXp = xpDays.reduce((sum, d) => sum + d.xp, 0);
  const scopeXp = xpDays.reduce((sum, d) => sum + d.xpInCourse, 0);
  return {
    userId,
    displayName: progressName(user),
    course,
    timeZone,
    today,
    level: levelView(scopeXp),
    overall: levelView(overallXp),
    streak: computeStreak(
      xpDays.map((d) => d.day),
      today,
    ),
    last30Days: dailyXpSeries(today, new Map(xpDays.map((d) => [d.day, d.xpInCourse])), PROGRESS_CHART_DAYS),
    skills: skills.slice(0, PROGRESS_SKILLS_SHOWN),
    weakest,
  };
}

function levelView(xp: number): ProgressView["level"] {
  const { level, levelStartXp, nextLevelXp } = levelFor(xp);
  return { level, xp, levelStartXp, nextLevelXp };
}
