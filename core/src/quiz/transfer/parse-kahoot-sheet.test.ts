import { describe, expect, it } from "vitest";
import { parseQuizSheet } from "./parse-quiz-csv.ts";

/** Kahoot's "Quiz template" .xlsx as a spreadsheet saves it to CSV: title rows, then the header. */
const TITLE_ROWS = [
  "Quiz template,,,,,,,",
  "Add questions, at least two answer alternatives, time limit and choose correct answers (at least one).,,,,,,,",
  ",,,,,,,",
].map((r) => (r.startsWith("Add") ? `"${r.split(",,")[0]}",,,,,,,` : r));
const HEADER =
  ',Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 characters,Answer 3 - max 75 characters,Answer 4 - max 75 characters,"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",Correct answer(s) - choose at least one';

function sheet(...rows: string[]): string {
  return [...TITLE_ROWS, HEADER, ...rows].join("\r\n");
}

describe("parseQuizSheet (Kahoot template)", () => {
  it("finds the header below the title rows and reads single and multiple correct answers", () => {
    const parsed = parseQuizSheet(
      sheet(
        "1,Which rock holds water best?,Granite,Sandstone,Clay,Basalt,20,2",
        '2,Which are aquifers?,Sandstone,Granite,Gravel,,30,"1,3"',
        "3,,,,,,,",
      ),
    );
    expect(parsed.problems).toBeUndefined();
    if (parsed.problems) return;
    expect(parsed.layout).toBe("kahoot");
    expect(parsed.questions).toEqual([
      {
        line: 5,
        question: {
          kind: "SINGLE_CHOICE",
          prompt: "Which rock holds water best?",
          choices: ["Granite", "Sandstone", "Clay", "Basalt"],
          correctChoices: [1],
          timeLimitSec: 20,
        },
      },
      {
        line: 6,
        question: {
          kind: "MULTIPLE_SELECT",
          prompt: "Which are aquifers?",
          choices: ["Sandstone", "Granite", "Gravel"],
          correctChoices: [0, 2],
          timeLimitSec: 30,
        },
      },
    ]);
  });

  it("keeps Kahoot's answer numbers when an answer column in between is empty", () => {
    const parsed = parseQuizSheet(sheet("1,Pick the liquid,Ice,,Water,,20,3"));
    expect(!parsed.problems && parsed.questions[0]!.question).toMatchObject({
      choices: ["Ice", "Water"],
      correctChoices: [1],
    });
  });

  it("names the line and column of each problem", () => {
    const problems = parseQuizSheet(
      sheet("1,Q,a,b,c,d,20,5", "2,Q,a,,,,20,1", "3,,a,b,,,20,1", "4,Q,a,b,,,999,1", "5,Q,a,b,,,20,3"),
    ).problems;
    expect(problems).toEqual([
      { line: 5, column: "Correct answer(s)", message: "'5' is not one of the choices 1–4." },
      { line: 6, column: "Answer 2", message: "a question needs at least 2 answers." },
      { line: 7, column: "Question", message: "the question is missing." },
      { line: 8, column: "Time limit (sec)", message: "'999' is not a whole number from 5 to 300." },
      { line: 9, column: "Correct answer(s)", message: "Answer 3 is empty, so it cannot be correct." },
    ]);
  });
});
