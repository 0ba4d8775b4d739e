import { describe, expect, it } from "vitest";
import { atLocalHour, formatLocalDate, localParts, nextLocalDate } from "./local-time.ts";

describe("local time", () => {
  it("finds the instant of a local hour on either side of a daylight-saving change", () => {
    const ny = "America/New_York";
    expect(atLocalHour({ year: 2027, month: 3, day: 13 }, 8, ny).toISOString()).toBe(
      "2027-03-13T13:00:00.000Z",
    );
    expect(atLocalHour({ year: 2027, month: 3, day: 14 }, 8, ny).toISOString()).toBe(
      "2027-03-14T12:00:00.000Z",
    );
    // 2 am does not exist on 14 March 2027 in New York: the first hour after the change.
    expect(atLocalHour({ year: 2027, month: 3, day: 14 }, 2, ny).toISOString()).toBe(
      "2027-03-14T07:00:00.000Z",
    );
    // 1 am happens twice on 7 November 2027: the first one (EDT).
    expect(atLocalHour({ year: 2027, month: 11, day: 7 }, 1, ny).toISOString()).toBe(
      "2027-11-07T05:00:00.000Z",
    );
    expect(atLocalHour({ year: 2027, month: 1, day: 1 }, 0, "Asia/Kolkata").toISOString()).toBe(
      "2026-12-31T18:30:00.000Z",
    );
  });

  it("reads the local calendar day and steps across month ends", () => {
    const late = localParts(new Date("2027-03-01T03:00:00Z"), "America/Los_Angeles");
    expect(formatLocalDate(late)).toBe("2027-02-28");
    expect(formatLocalDate(nextLocalDate(late))).toBe("2027-03-01");
  });
});
