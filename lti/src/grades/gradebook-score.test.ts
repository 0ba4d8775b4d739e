import { describe, expect, it } from "vitest";
import { gradebookComment, gradebookScoreGiven, sessionVenue } from "./gradebook-score.ts";

describe("gradebookScoreGiven", () => {
  it("is accuracy out of 100, rounded to 2 decimals and kept within 0..100", () => {
    expect(gradebookScoreGiven(0.8)).toBe(80);
    expect(gradebookScoreGiven(2 / 3)).toBe(66.67);
    expect(gradebookScoreGiven(0)).toBe(0);
    expect(gradebookScoreGiven(1)).toBe(100);
    expect(gradebookScoreGiven(1.2)).toBe(100);
    expect(gradebookScoreGiven(-0.1)).toBe(0);
    expect(gradebookScoreGiven(Number.NaN)).toBe(0);
  });
});

describe("gradebookComment", () => {
  it("carries the live details: correct answers, points and place", () => {
    expect(
      gradebookComment({
        venue: "Live quiz in #bio-101",
        correct: 4,
        questions: 5,
        points: 4210,
        rank: 2,
        players: 12,
      }),
    ).toBe("Live quiz in #bio-101: 4 of 5 correct, 4,210 points, rank 2 of 12");
  });

  it("leaves out the place when the player was alone", () => {
    expect(
      gradebookComment({
        venue: "Quiz in StudyHall",
        correct: 1,
        questions: 3,
        points: 1,
        rank: 1,
        players: 1,
      }),
    ).toBe("Quiz in StudyHall: 1 of 3 correct, 1 point");
  });
});

describe("sessionVenue", () => {
  it("names the channel when known, else the platform", () => {
    expect(sessionVenue({ platform: "SLACK" }, "bio-101")).toBe("Live quiz in #bio-101");
    expect(sessionVenue({ platform: "DISCORD" }, "#bio")).toBe("Live quiz in #bio");
    expect(sessionVenue({ platform: "SLACK" }, null)).toBe("Live quiz in Slack");
    expect(sessionVenue({ platform: "DISCORD" }, undefined)).toBe("Live quiz on Discord");
    expect(sessionVenue({ platform: "LTI" }, "anything")).toBe("Quiz in StudyHall");
  });
});
