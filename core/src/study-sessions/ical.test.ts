import { describe, expect, it } from "vitest";
import { escapeText, foldLine, icalUtc, writeCalendar } from "./ical.ts";

describe("iCalendar writer", () => {
  it("writes UTC times in the basic format", () => {
    expect(icalUtc(new Date("2026-12-11T00:30:00.000Z"))).toBe("20261211T003000Z");
  });

  it("escapes the characters TEXT values reserve", () => {
    expect(escapeText("Review; ch. 3, part\\2\nbring notes")).toBe(
      "Review\\; ch. 3\\, part\\\\2\\nbring notes",
    );
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const line = `SUMMARY:${"é".repeat(60)}`;
    const folded = foldLine(line);
    const pieces = folded.split("\r\n");
    expect(pieces.length).toBeGreaterThan(1);
    for (const [i, piece] of pieces.entries()) {
      expect(new TextEncoder().encode(piece).length).toBeLessThanOrEqual(75);
      if (i > 0) expect(piece.startsWith(" ")).toBe(true);
    }
    expect(pieces.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("writes a calendar with CRLF line ends and a cancelled event marked", () => {
    const body = writeCalendar(
      "Biology, sessions",
      [
        {
          uid: "a@studyhall",
          start: new Date("2026-12-11T00:00:00Z"),
          end: new Date("2026-12-11T01:00:00Z"),
          summary: "Week 3 review",
          modified: new Date("2026-12-07T00:00:00Z"),
          cancelled: true,
        },
      ],
      new Date("2026-12-07T12:00:00Z"),
    );
    expect(body.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(body.split("\r\n")).toContain("STATUS:CANCELLED");
    expect(body.split("\r\n")).toContain("DTSTART:20261211T000000Z");
    expect(body).toContain("X-WR-CALNAME:Biology\\, sessions");
    expect(body.replace(/\r\n/g, "")).not.toContain("\n");
  });
});
