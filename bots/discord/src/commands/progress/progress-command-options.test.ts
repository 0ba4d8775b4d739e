import { describe, expect, it } from "vitest";
import { type ProgressOptionReader, progressCommandOf } from "./progress-command-options.ts";

/** An option reader over plain values, as discord.js's resolver answers for the options given. */
function options(values: Record<string, string | boolean> = {}): ProgressOptionReader {
  return {
    getString: (name) => (typeof values[name] === "string" ? (values[name] as string) : null),
    getBoolean: (name) => (typeof values[name] === "boolean" ? (values[name] as boolean) : null),
  };
}

describe("progressCommandOf", () => {
  it("builds core's progress commands from the options", () => {
    expect(progressCommandOf("me", options({ course: "bio" }))).toEqual({ name: "me" });
    expect(progressCommandOf("history", options())).toEqual({ name: "history" });
    expect(progressCommandOf("leaderboard", options())).toEqual({ name: "leaderboard", period: "week" });
    expect(progressCommandOf("leaderboard", options({ period: "all" }))).toEqual({
      name: "leaderboard",
      period: "all",
    });
  });

  it("reads hide: as leaving (true) or joining again (false), whatever the period", () => {
    expect(progressCommandOf("leaderboard", options({ hide: true, period: "all" }))).toEqual({
      name: "leaderboard.hide",
      hidden: true,
    });
    expect(progressCommandOf("leaderboard", options({ hide: false }))).toEqual({
      name: "leaderboard.hide",
      hidden: false,
    });
  });

  it("refuses a command it does not know in words", () => {
    expect(() => progressCommandOf("podium", options())).toThrow(
      expect.objectContaining({ userMessage: expect.stringContaining("/help") }),
    );
  });
});
