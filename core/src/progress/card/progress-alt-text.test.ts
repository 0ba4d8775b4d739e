import { describe, expect, it } from "vitest";
import { sampleProgressView } from "../../../../test/support/progress-view-fixture.ts";
import { progressAltText, weekTotals } from "./progress-alt-text.ts";

describe("progressAltText", () => {
  it("says the level, XP to the next, the streak, strongest and weakest skills and the week's XP", () => {
    const view = sampleProgressView();
    const { last7, previous7 } = weekTotals(view.last30Days);
    expect(progressAltText(view)).toBe(
      "Ada Lovelace, Biology 101: level 4 with 620 XP, 80 XP to level 5; 12-day streak, this week's freeze used. " +
        `Strongest skill Cell structure (94%), weakest Mendelian genetics (34%); ${last7} XP in the last 7 days, against ${previous7} the 7 days before.`,
    );
  });

  it("is two sentences", () => {
    expect(progressAltText(sampleProgressView()).match(/\.( |$)/g)).toHaveLength(2);
  });

  it("sums the last 7 days and the 7 before them from the 30", () => {
    const days = Array.from({ length: 30 }, (_, i) => ({ date: `d${i}`, xp: i < 16 ? 100 : i < 23 ? 2 : 1 }));
    expect(weekTotals(days)).toEqual({ last7: 7, previous7: 14 });
  });

  it("words a new learner's card: all courses, no streak, no skills", () => {
    const view = sampleProgressView({
      course: null,
      level: { level: 1, xp: 0, levelStartXp: 0, nextLevelXp: 100 },
      streak: { current: 0, longest: 0, activeToday: false, freezeAvailable: true, frozenDates: [] },
      last30Days: [],
      skills: [],
      weakest: [],
    });
    expect(progressAltText(view)).toBe(
      "Ada Lovelace, all courses: level 1 with 0 XP, 100 XP to level 2; no streak going, this week's freeze unused. " +
        "No skills measured yet; 0 XP in the last 7 days, against 0 the 7 days before.",
    );
  });

  it("says a streak not yet kept today, and a single skill once", () => {
    const base = sampleProgressView();
    const text = progressAltText({
      ...base,
      streak: { ...base.streak, current: 3, activeToday: false },
      skills: [base.skills[0]!],
      weakest: [],
    });
    expect(text).toContain("3-day streak (nothing yet today)");
    expect(text).toContain("Skill: Cell structure (94%);");
  });

  it("keeps a name with newlines on one line and cuts a very long one", () => {
    const text = progressAltText(sampleProgressView({ displayName: `Ada\n\nLovelace ${"x".repeat(500)}` }));
    expect(text).toMatch(/^Ada Lovelace x+…, Biology 101/);
    expect(text.length).toBeLessThan(1024);
  });
});
