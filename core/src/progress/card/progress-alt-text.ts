// The card's words for screen readers: the SVG's <desc>, the PNG's alt text on every platform. Two
// sentences, so a screen reader gets the picture's point without reading every bar.

import type { DailyXp, ProgressView, StreakView } from "../progress-view.ts";
import { clip, formatNumber, formatPercent } from "./card-text.ts";

/** Names and topics are cut to this many characters, so the whole text stays far under Discord's 1,024. */
const NAME_CHARS = 80;

/**
 * What the progress card shows, in one or two sentences: level and XP to the next, the streak and its
 * freeze, the strongest and weakest skills, and XP in the last 7 days against the 7 before.
 */
export function progressAltText(view: ProgressView): string {
  const { level } = view;
  const toNext = Math.max(0, level.nextLevelXp - level.xp);
  const place = view.course ? clip(view.course.name, NAME_CHARS) : "all courses";
  const first =
    `${clip(view.displayName, NAME_CHARS)}, ${place}: level ${level.level} with ${formatNumber(level.xp)} XP, ` +
    `${formatNumber(toNext)} XP to level ${level.level + 1}; ${streakPhrase(view.streak)}.`;
  return `${clean(first)} ${clean(`${skillsPhrase(view)}; ${weekPhrase(view.last30Days)}.`)}`;
}

function streakPhrase(streak: StreakView): string {
  const freeze = streak.freezeAvailable ? "this week's freeze unused" : "this week's freeze used";
  if (streak.current === 0) return `no streak going, ${freeze}`;
  const today = streak.activeToday ? "" : " (nothing yet today)";
  return `${streak.current}-day streak${today}, ${freeze}`;
}

function skillsPhrase(view: ProgressView): string {
  const strongest = view.skills[0];
  if (!strongest) return "No skills measured yet";
  const weakest = view.weakest[0] ?? view.skills[view.skills.length - 1];
  const strong = `${clip(strongest.topic, NAME_CHARS)} (${formatPercent(strongest.mastery)})`;
  if (!weakest || weakest.topic === strongest.topic) return `Skill: ${strong}`;
  return `Strongest skill ${strong}, weakest ${clip(weakest.topic, NAME_CHARS)} (${formatPercent(weakest.mastery)})`;
}

function weekPhrase(days: readonly DailyXp[]): string {
  const { last7, previous7 } = weekTotals(days);
  return `${formatNumber(last7)} XP in the last 7 days, against ${formatNumber(previous7)} the 7 days before`;
}

/** XP of the last 7 days (today included) and of the 7 days before them. */
export function weekTotals(days: readonly DailyXp[]): { last7: number; previous7: number } {
  const sum = (list: readonly DailyXp[]) => list.reduce((total, d) => total + d.xp, 0);
  return { last7: sum(days.slice(-7)), previous7: sum(days.slice(-14, -7)) };
}

/** One line: names and topics may hold newlines, which a screen reader would read as a pause. */
function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
