import { describe, expect, it } from "vitest";
import { computeStreak } from "./streak.ts";

// 2027-03-01 is a Monday: weeks run 03-01..03-07 and 03-08..03-14.

describe("computeStreak", () => {
  it("is empty with no study, the week's freeze unused", () => {
    expect(computeStreak([], "2027-03-10")).toEqual({
      current: 0,
      longest: 0,
      activeToday: false,
      freezeAvailable: true,
      frozenDates: [],
    });
  });

  it("counts today alone as a streak of one, active today", () => {
    expect(computeStreak(["2027-03-10"], "2027-03-10")).toMatchObject({
      current: 1,
      longest: 1,
      activeToday: true,
    });
  });

  it("keeps yesterday's streak alive until local midnight, not yet active today", () => {
    expect(computeStreak(["2027-03-08", "2027-03-09"], "2027-03-10")).toMatchObject({
      current: 2,
      activeToday: false,
      frozenDates: [],
    });
  });

  it("covers one missed day with the week's freeze, and the freeze is then used", () => {
    expect(computeStreak(["2027-03-01", "2027-03-02", "2027-03-04"], "2027-03-04")).toEqual({
      current: 3,
      longest: 3,
      activeToday: true,
      freezeAvailable: false,
      frozenDates: ["2027-03-03"],
    });
  });

  it("covers a missed yesterday while today is still to come", () => {
    expect(computeStreak(["2027-03-01", "2027-03-02"], "2027-03-04")).toMatchObject({
      current: 2,
      activeToday: false,
      frozenDates: ["2027-03-03"],
    });
  });

  it("ends at the second missed day of one week: one freeze a week", () => {
    expect(computeStreak(["2027-03-01", "2027-03-03", "2027-03-05"], "2027-03-05")).toEqual({
      current: 1,
      longest: 2,
      activeToday: true,
      freezeAvailable: false,
      frozenDates: [],
    });
  });

  it("ends after two missed days in a row", () => {
    expect(computeStreak(["2027-03-01", "2027-03-02", "2027-03-05"], "2027-03-05")).toMatchObject({
      current: 1,
      longest: 2,
      frozenDates: [],
    });
    // Both missed yesterday and the day before: nothing is left, even before today's midnight.
    expect(computeStreak(["2027-03-01", "2027-03-02"], "2027-03-05")).toMatchObject({
      current: 0,
      longest: 2,
    });
  });

  it("ends after two missed days in a row across a Sunday and a Monday, though each week has a freeze", () => {
    expect(computeStreak(["2027-03-05", "2027-03-06", "2027-03-09"], "2027-03-09")).toMatchObject({
      current: 1,
      longest: 2,
      frozenDates: [],
      freezeAvailable: true,
    });
  });

  it("uses one freeze in each of two consecutive weeks", () => {
    const days = ["2027-03-05", "2027-03-07", "2027-03-08", "2027-03-10", "2027-03-11"];
    expect(computeStreak(days, "2027-03-11")).toEqual({
      current: 5,
      longest: 5,
      activeToday: true,
      freezeAvailable: false,
      frozenDates: ["2027-03-06", "2027-03-09"],
    });
  });

  it("has this week's freeze available when only last week's was used", () => {
    const days = ["2027-03-05", "2027-03-07", "2027-03-08", "2027-03-09"];
    expect(computeStreak(days, "2027-03-09")).toMatchObject({
      current: 4,
      freezeAvailable: true,
      frozenDates: ["2027-03-06"],
    });
  });

  it("keeps the longest streak after it ended, and counts the current one on its own", () => {
    const old = ["2027-02-01", "2027-02-02", "2027-02-03", "2027-02-04", "2027-02-05", "2027-02-06"];
    expect(computeStreak([...old, "2027-03-09", "2027-03-10"], "2027-03-10")).toMatchObject({
      current: 2,
      longest: 6,
    });
  });

  it("runs over a year boundary, with one freeze for the week that spans it", () => {
    expect(
      computeStreak(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"], "2027-01-02"),
    ).toMatchObject({ current: 4, longest: 4 });
    // 2026-12-28 is a Monday: 12-29 and 2027-01-01 are missed in the same week, so the second ends it.
    expect(
      computeStreak(["2026-12-28", "2026-12-30", "2026-12-31", "2027-01-02"], "2027-01-02"),
    ).toMatchObject({ current: 1, longest: 3, frozenDates: [] });
    expect(computeStreak(["2026-12-28", "2026-12-30", "2027-01-04"], "2027-01-04")).toMatchObject({
      current: 1,
    });
  });

  it("runs over a daylight-saving date (2027-03-14 in New York) day by day", () => {
    expect(
      computeStreak(["2027-03-13", "2027-03-14", "2027-03-15", "2027-03-16"], "2027-03-16"),
    ).toMatchObject({ current: 4, activeToday: true, frozenDates: [] });
    expect(computeStreak(["2027-11-06", "2027-11-08"], "2027-11-08")).toMatchObject({
      current: 2,
      frozenDates: ["2027-11-07"],
    });
  });

  it("takes days in any order with repeats, and a day after today as today", () => {
    expect(
      computeStreak(["2027-03-10", "2027-03-09", "2027-03-10", "2027-03-09"], "2027-03-10"),
    ).toMatchObject({
      current: 2,
    });
    // Studied on the 11th in Tokyo, now in Los Angeles where it is still the 10th.
    expect(computeStreak(["2027-03-09", "2027-03-11"], "2027-03-10")).toMatchObject({
      current: 2,
      activeToday: true,
    });
  });

  it("refuses a today that is not a date", () => {
    expect(() => computeStreak([], "10/03/2027")).toThrow(RangeError);
  });
});
