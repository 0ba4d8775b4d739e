import { describe, expect, it } from "vitest";
import { quizOptionsLayerSchema, quizOptionsSchema, resolveQuizOptions } from "./quiz-options.ts";

describe("resolveQuizOptions", () => {
  it("layers course, quiz and command options over the defaults, later layers winning", () => {
    const options = resolveQuizOptions(
      { podiumSize: 5, streaks: false },
      { podiumSize: 1 },
      { secondsPerQuestion: 30, questionCount: undefined },
    );
    expect(options).toEqual({
      ...quizOptionsSchema.parse({}),
      podiumSize: 1,
      streaks: false,
      secondsPerQuestion: 30,
    });
  });

  it("skips stored values that no longer parse instead of failing the game", () => {
    const options = resolveQuizOptions({
      podiumSize: 99,
      scoring: "weird",
      unknown: true,
      revealSeconds: 12,
    });
    expect(options.podiumSize).toBe(3);
    expect(options.scoring).toBe("speed");
    expect(options.revealSeconds).toBe(12);
    expect(options).not.toHaveProperty("unknown");
  });

  it("keeps a parsed layer to what was given, so a start command's layer does not hide the course's defaults", () => {
    const command = quizOptionsLayerSchema.parse({ teams: "auto" });
    expect(command).toEqual({ teams: "auto" });
    expect(resolveQuizOptions({ scoring: "accuracy", streaks: false }, {}, command)).toMatchObject({
      scoring: "accuracy",
      streaks: false,
      teams: "auto",
    });
  });
});
