import { describe, expect, it } from "vitest";
import { countdownText, formatSeconds } from "./countdown-text.ts";

const endsAt = "2030-01-01T12:00:20.000Z";
const at = (iso: string) => Date.parse(iso);

describe("countdownText", () => {
  it("shows the seconds left, a bar of the time left, and the deadline as a Slack date", () => {
    expect(
      countdownText({ label: "Time left", endsAt, totalSeconds: 20 }, at("2030-01-01T12:00:08.200Z")),
    ).toBe("⏱ Time left: *12 s* ▓▓▓▓▓▓░░░░ · ends <!date^1893499220^{time_secs}|12:00:20 UTC>");
  });

  it("says when time is up", () => {
    expect(countdownText({ label: "Time left", endsAt, totalSeconds: 20 }, at("2030-01-01T12:00:21Z"))).toBe(
      "⏱ Time left: *time is up* · ended <!date^1893499220^{time_secs}|12:00:20 UTC>",
    );
  });

  it("escapes the label and survives a bad date", () => {
    expect(countdownText({ label: "<b>", endsAt: "soon", totalSeconds: 5 }, 0)).toBe("⏱ &lt;b&gt;");
  });

  it("keeps long durations readable", () => {
    expect([45, 150, 7200, 86_400 * 3].map(formatSeconds)).toEqual(["45 s", "3 min", "2 h", "3 days"]);
  });
});
