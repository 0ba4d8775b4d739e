// Mastery per topic from a person's own results: the share right on their latest attempts, recent
// attempts counting more, and the whole fading while a topic is left alone. The maths is pure; the
// one SQL read is in skill-attempts-sql.ts.

import type { Prisma } from "../db/open-database.ts";
import type { SkillView } from "./progress-view.ts";
import { readSkillAttempts, type SkillAttempt } from "./skill-attempts-sql.ts";

/** Attempts per topic that count: the latest ones. */
export const SKILL_ATTEMPTS_COUNTED = 20;
/** An attempt this many days old weighs half as much as one made now. */
export const SKILL_ATTEMPT_HALF_LIFE_DAYS = 30;
/** Mastery halves after this many days without an attempt at the topic. */
export const SKILL_IDLE_HALF_LIFE_DAYS = 60;

const DAY_MS = 86_400_000;

/** Days from `at` to `now`, never negative (a clock a little ahead is not the future). */
function ageDays(at: Date, now: Date): number {
  return Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
}

/**
 * Mastery (0..1) of one topic from its attempts: each weighted 0.5^(age / 30 days), the weighted share
 * right, times 0.5^(days since the latest / 60). Only the latest {@link SKILL_ATTEMPTS_COUNTED} count.
 * No attempts: 0.
 */
export function masteryOf(attempts: ReadonlyArray<{ right: boolean; at: Date }>, now: Date): number {
  const latest = [...attempts]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, SKILL_ATTEMPTS_COUNTED);
  const newest = latest[0];
  if (!newest) return 0;
  let weight = 0;
  let right = 0;
  for (const attempt of latest) {
    const w = 0.5 ** (ageDays(attempt.at, now) / SKILL_ATTEMPT_HALF_LIFE_DAYS);
    weight += w;
    if (attempt.right) right += w;
  }
  return (right / weight) * 0.5 ** (ageDays(newest.at, now) / SKILL_IDLE_HALF_LIFE_DAYS);
}

/** Strongest first; ties by more attempts, then by name, so the order is stable. */
export function compareSkills(a: SkillView, b: SkillView): number {
  return b.mastery - a.mastery || b.attempts - a.attempts || a.topic.localeCompare(b.topic);
}

/**
 * The skills of each person in `attempts` (rows of {@link readSkillAttempts}), strongest first, keyed
 * by user id. Topics are told apart case-insensitively.
 */
export function skillsByPerson(attempts: readonly SkillAttempt[], now: Date): Map<string, SkillView[]> {
  const groups = new Map<string, { userId: string; topic: string; total: number; rows: SkillAttempt[] }>();
  for (const row of attempts) {
    const key = `${row.userId}\u0000${row.topic.toLowerCase()}`;
    const group = groups.get(key) ?? { userId: row.userId, topic: row.topic, total: row.total, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const byPerson = new Map<string, SkillView[]>();
  for (const group of groups.values()) {
    const lastAt = Math.max(...group.rows.map((r) => r.at.getTime()));
    const skill: SkillView = {
      topic: group.topic,
      mastery: masteryOf(group.rows, now),
      attempts: group.total,
      lastAt: new Date(lastAt).toISOString(),
    };
    const skills = byPerson.get(group.userId);
    if (skills) skills.push(skill);
    else byPerson.set(group.userId, [skill]);
  }
  for (const skills of byPerson.values()) skills.sort(compareSkills);
  return byPerson;
}

/**
 * Every topic a person has attempted, strongest first: in one course, or (courseId null) across every
 * course they are enrolled in. Courses they left are not counted.
 */
export async function readSkills(
  db: Prisma,
  input: { userId: string; courseId: string | null },
  options: { now: Date },
): Promise<SkillView[]> {
  const attempts = await readSkillAttempts(
    db,
    { userIds: [input.userId], courseId: input.courseId },
    SKILL_ATTEMPTS_COUNTED,
  );
  return skillsByPerson(attempts, options.now).get(input.userId) ?? [];
}
