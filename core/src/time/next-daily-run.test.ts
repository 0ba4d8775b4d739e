import { describe, expect, it } from "vitest";
import { nextDailyRun } from "./next-daily-run.ts";

describe("nextDailyRun", () => {
  it("is today at the hour when the hour is still ahead", () => {
    const next = nextDailyRun(Date.parse("2026-12-07T01:30:00Z"), 4);
    expect(next).toEqual({ date: "2026-12-07", runAt: new Date("2026-12-07T04:00:00Z") });
  });

  it("is tomorrow when the hour has come or gone, also across a month's end", () => {
    expect(nextDailyRun(new Date("2026-12-07T04:00:00Z"), 4).runAt).toEqual(new Date("2026-12-08T04:00:00Z"));
    expect(nextDailyRun(new Date("2026-12-31T23:59:00Z"), 0)).toEqual({
      date: "2027-01-01",
      runAt: new Date("2027-01-01T00:00:00Z"),
    });
  });
});
