import { describe, expect, it } from "vitest";
import { sameLocalTimeNextWeek } from "./next-occurrence.ts";

describe("a weekly session's next week", () => {
  it("keeps 18:00 in New York across the end of daylight saving time: the UTC instant moves by an hour", () => {
    // Thursday 29 October 2026, 18:00 EDT (UTC-4); clocks go back on Sunday 1 November.
    const next = sameLocalTimeNextWeek(new Date("2026-10-29T22:00:00Z"), "America/New_York");
    expect(next.toISOString()).toBe("2026-11-05T23:00:00.000Z");
  });

  it("keeps 18:00 in Berlin across the start of summer time", () => {
    // Thursday 26 March 2026, 18:00 CET (UTC+1); clocks go forward on Sunday 29 March.
    const next = sameLocalTimeNextWeek(new Date("2026-03-26T17:00:00Z"), "Europe/Berlin");
    expect(next.toISOString()).toBe("2026-04-02T16:00:00.000Z");
  });

  it("is exactly seven days later when no change falls between", () => {
    const at = new Date("2026-12-11T00:30:00Z");
    expect(sameLocalTimeNextWeek(at, "America/Chicago").getTime() - at.getTime()).toBe(7 * 86_400_000);
  });
});
