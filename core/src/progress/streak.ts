// The daily streak, derived on every read from the local dates a person earned XP on. Nothing about
// it is stored, so a restart cannot lose a freeze and a change of time zone rewrites no past day.

import type { StreakView } from "./progress-view.ts";
import { STREAK_FREEZES_PER_WEEK } from "./xp-rules.ts";

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a "2027-03-14" date; calendar arithmetic, no time zone involved. */
function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday-to-Sunday week a day falls in (1970-01-01 was a Thursday, so day -3 is a Monday). */
function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/**
 * The streak of consecutive local days with study, ending today, or yesterday while today has no
 * study yet (a streak stays alive until local midnight).
 *
 * - A missed day is covered by a freeze when the days on both sides of it count (studied, or today
 *   still to come) and no other missed day of the same Monday-to-Sunday week was covered: one freeze a
 *   week. Two missed days in a row end the streak, even across a Sunday and a Monday.
 * - `current` and `longest` count studied days; a covered day keeps the streak but adds nothing.
 * - A day after `today` (studied where the clock was ahead, before a move west) counts as today, so
 *   moving time zone never breaks a streak.
 *
 * @param days the local dates ("2027-03-14") with at least one XP award, in any order, repeats allowed
 * @param today the person's local date now
 */
export function computeStreak(days: readonly string[], today: string): StreakView {
  const todayNumber = dayNumber(today);
  if (todayNumber === null) throw new RangeError(`not a local date: ${today}`);
  const studied = new Set<number>();
  for (const day of days) {
    const n = dayNumber(day);
    if (n !== null) studied.add(Math.min(n, todayNumber));
  }
  const first = Math.min(...studied, todayNumber);
  const freezesUsed = new Map<number, number>();
  let run = 0;
  let longest = 0;
  let frozen: number[] = [];
  for (let day = first; day <= todayNumber; day += 1) {
    if (studied.has(day)) {
      run += 1;
      longest = Math.max(longest, run);
      continue;
    }
    // Today without study yet is not a missed day: the streak is alive until midnight.
    if (day === todayNumber || run === 0) continue;
    const nextCounts = studied.has(day + 1) || day + 1 === todayNumber;
    const week = weekOf(day);
    const used = freezesUsed.get(week) ?? 0;
    if (nextCounts && used < STREAK_FREEZES_PER_WEEK) {
      freezesUsed.set(week, used + 1);
      frozen.push(day);
    } else {
      run = 0;
      frozen = [];
    }
  }
  return {
    current: run,
    longest,
    activeToday: studied.has(todayNumber),
    freezeAvailable: (freezesUsed.get(weekOf(todayNumber)) ?? 0) < STREAK_FREEZES_PER_WEEK,
    frozenDates: frozen.map(dateOf),
  };
}
