import { describe, expect, it } from "vitest";
import { startOptionsLayer } from "./quiz-command.ts";

describe("startOptionsLayer", () => {
  it("turns /quiz start options into core's quiz options, leaving out what the host did not set", () => {
    expect(startOptionsLayer({})).toEqual({});
    expect(
      startOptionsLayer({
        teams: "roles",
        hide_rankings: true,
        allow_change: false,
        scoring: "accuracy",
        streaks: false,
      }),
    ).toEqual({
      teams: "platform",
      showRankings: false,
      allowAnswerChange: false,
      scoring: "accuracy",
      streaks: false,
    });
    expect(startOptionsLayer({ teams: "auto", hide_rankings: false })).toEqual({
      teams: "auto",
      showRankings: true,
    });
  });
});
