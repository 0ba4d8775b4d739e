// Every rule of experience points and levels, in one place: the README's "What earns XP" table is
// written from this file. Asking the tutor earns nothing, on purpose: XP for questions would reward
// asking many small ones instead of studying.

import type { XpKind } from "../db/generated/enums.ts";

/** Points per award. A correct answer earns the extra on top of the points for answering. */
export const XP_RULES = {
  /** One answer in a live game (once per question per game). */
  LIVE_ANSWER: { points: 5, correctBonus: 5 },
  /** One practice answer; a question earns once per local day however often it is practised. */
  PRACTICE_ANSWER: { points: 2, correctBonus: 3 },
  /** One flashcard review (cards come up only when due, so reviews cannot be repeated for XP). */
  CARD_REVIEW: { points: 2, correctBonus: 0 },
  /** Attending a scheduled study session (once per session). */
  SESSION_ATTENDED: { points: 20, correctBonus: 0 },
  /** Reading a study guide (once per guide). */
  GUIDE_READ: { points: 10, correctBonus: 0 },
} as const satisfies Record<XpKind, { points: number; correctBonus: number }>;

/** The points one award of `kind` earns. */
export function xpFor(kind: XpKind, correct = false): number {
  const rule = XP_RULES[kind];
  return rule.points + (correct ? rule.correctBonus : 0);
}

/** XP needed to go from `level` to the next: 100 for level 1, then 50 more per level. */
export function xpForNextLevel(level: number): number {
  return 100 + 50 * (level - 1);
}

/** Total XP at which `level` starts (level 1 at 0). */
export function levelStartXp(level: number): number {
  const n = level - 1;
  return 100 * n + 25 * n * (n - 1);
}

/** The level a total of XP reaches, with where it starts and where the next begins. */
export function levelFor(totalXp: number): {
  level: number;
  xp: number;
  levelStartXp: number;
  nextLevelXp: number;
} {
  let level = 1;
  while (levelStartXp(level + 1) <= totalXp) level += 1;
  return { level, xp: totalXp, levelStartXp: levelStartXp(level), nextLevelXp: levelStartXp(level + 1) };
}

/** One streak freeze per week: a single missed day in a Monday-to-Sunday week keeps the streak. */
export const STREAK_FREEZES_PER_WEEK = 1;
