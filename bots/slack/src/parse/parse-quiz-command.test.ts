import { describe, expect, it } from "vitest";
import { parseQuizCommand } from "./parse-quiz-command.ts";
import { parseStudyhallCommand } from "./parse-studyhall-command.ts";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("parseQuizCommand", () => {
  it("reads quiz start with the quiz's words, settings and flags", () => {
    expect(
      parseQuizCommand(
        words(
          "start photosynthesis questions=5 seconds=20 teams=auto hide-rankings allow-change accuracy no-streaks",
        ),
      ),
    ).toEqual({
      action: "start",
      quiz: "photosynthesis",
      questions: 5,
      seconds: 20,
      options: {
        teams: "auto",
        showRankings: false,
        allowAnswerChange: true,
        scoring: "accuracy",
        streaks: false,
      },
    });
    expect(parseQuizCommand(words("start cell biology 5 20 podium=5 points=500 teams=groups"))).toEqual({
      action: "start",
      quiz: "cell biology",
      questions: 5,
      seconds: 20,
      options: { podiumSize: 5, pointsPerQuestion: 500, teams: "platform" },
    });
    expect(parseQuizCommand(words("start teams=3"))).toEqual({
      action: "start",
      options: { teams: "auto", teamCount: 3 },
    });
    expect(parseQuizCommand(["start"])).toEqual({ action: "start", options: {} });
  });

  it("refuses values outside the core's limits, with the reason", () => {
    expect(parseQuizCommand(words("start seconds=2"))).toBe("seconds must be at least 5.");
    expect(parseQuizCommand(words("start questions=many"))).toBe("questions must be a whole number.");
    expect(parseQuizCommand(words("start teams=12"))).toMatch(/`teams` is `auto`, `groups`/);
    expect(parseQuizCommand(words("start colour=red"))).toBe("I don't know the setting `colour`.");
    expect(parseQuizCommand(words("start 5 20 30"))).toMatch(/Too many numbers/);
    expect(parseQuizCommand(words("start 5 questions=6"))).toBe("`questions` is given twice.");
  });

  it("reads the other subcommands", () => {
    expect(parseQuizCommand(["stop"])).toEqual({ action: "stop" });
    expect(parseQuizCommand(["drafts"])).toEqual({ action: "drafts" });
    expect(parseQuizCommand(words("drafts 2"))).toEqual({ action: "drafts", index: 2 });
    expect(parseQuizCommand(words("drafts two"))).toMatch(/Give the number of a draft/);
    expect(parseQuizCommand(words("generate the krebs cycle 8"))).toEqual({
      action: "generate",
      topic: "the krebs cycle",
      count: 8,
    });
    expect(parseQuizCommand(words("generate count=3"))).toEqual({ action: "generate", count: 3 });
    expect(parseQuizCommand(words("generate cells 0"))).toBe("The number of questions must be at least 1.");
    expect(parseQuizCommand(["results"])).toEqual({ action: "results" });
    expect(parseQuizCommand(["export"])).toEqual({ action: "export" });
    expect(parseQuizCommand(["juggle"])).toBe("I don't know `quiz juggle`.");
  });

  it("is reached through /studyhall, with the quiz usage on errors", () => {
    expect(parseStudyhallCommand("quiz  stop")).toEqual({ name: "quiz", quiz: { action: "stop" } });
    const invalid = parseStudyhallCommand("quiz");
    expect(invalid).toMatchObject({ name: "invalid" });
    expect((invalid as { message: string }).message).toMatch(/quiz start \[topic or quiz\]/);
  });

  it("reads quiz write (or new) with an optional title for the modal", () => {
    expect(parseQuizCommand(words("write"))).toEqual({ action: "write" });
    expect(parseQuizCommand(words("new Cell check"))).toEqual({ action: "write", title: "Cell check" });
  });
});
