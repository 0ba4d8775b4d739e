import { describe, expect, it } from "vitest";
import { parseSessionTime } from "./parse-session-time.ts";

// Monday 7 December 2026, 15:00 in Chicago (21:00 UTC).
const now = new Date("2026-12-07T21:00:00Z");
const chicago = { timeZone: "America/Chicago", now };

describe("parseSessionTime", () => {
  it("reads a weekday and a 24-hour time as the next such day where the person lives", () => {
    expect(parseSessionTime("thu 18:00", chicago).toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(parseSessionTime("Thursday 6pm", chicago).toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(parseSessionTime("thurs 6:30 pm", chicago).toISOString()).toBe("2026-12-11T00:30:00.000Z");
  });

  it("takes today's weekday when the time is still ahead, else the same day next week", () => {
    expect(parseSessionTime("mon 18:00", chicago).toISOString()).toBe("2026-12-08T00:00:00.000Z");
    expect(parseSessionTime("mon 9:00", chicago).toISOString()).toBe("2026-12-14T15:00:00.000Z");
  });

  it("reads today, tomorrow and a date, in 24-hour or am/pm", () => {
    expect(parseSessionTime("today 20:15", chicago).toISOString()).toBe("2026-12-08T02:15:00.000Z");
    expect(parseSessionTime("tomorrow 9:30am", chicago).toISOString()).toBe("2026-12-08T15:30:00.000Z");
    expect(parseSessionTime("2026-12-10 18:00", chicago).toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(parseSessionTime("2026-12-10T18:00", chicago).toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(parseSessionTime("tomorrow 12am", chicago).toISOString()).toBe("2026-12-08T06:00:00.000Z");
  });

  it("puts the same wall time on either side of a daylight-saving change", () => {
    const octNow = new Date("2026-10-26T12:00:00Z");
    const ny = { timeZone: "America/New_York", now: octNow };
    // 29 October is still daylight time (UTC-4); 5 November is standard time (UTC-5).
    expect(parseSessionTime("2026-10-29 18:00", ny).toISOString()).toBe("2026-10-29T22:00:00.000Z");
    expect(parseSessionTime("2026-11-05 18:00", ny).toISOString()).toBe("2026-11-05T23:00:00.000Z");
  });

  it("refuses a time in the past, saying so", () => {
    expect(() => parseSessionTime("today 9:00", chicago)).toThrow(
      expect.objectContaining({ userMessage: expect.stringContaining("already passed") }),
    );
    expect(() => parseSessionTime("2026-12-01 18:00", chicago)).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("refuses what it cannot read, naming the formats that work", () => {
    for (const text of [
      "someday",
      "thu",
      "thu 18",
      "thu 25:00",
      "thu 13pm",
      "2026-02-30 10:00",
      "xyz 10:00",
      "th 10:00",
    ]) {
      expect(() => parseSessionTime(text, chicago), text).toThrow(
        expect.objectContaining({ userMessage: expect.stringContaining("thu 18:00") }),
      );
    }
  });
});
