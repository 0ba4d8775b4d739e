import { describe, expect, it } from "vitest";
import { parseQuizSheet } from "./parse-quiz-csv.ts";
import { describeProblems, QUIZ_CSV_COLUMNS } from "./quiz-csv-format.ts";
import { writeQuizCsv } from "./write-quiz-csv.ts";

const HEADER = QUIZ_CSV_COLUMNS.join(",");

function problemsOf(text: string) {
  const parsed = parseQuizSheet(text);
  if (!parsed.problems) throw new Error("expected problems");
  return parsed.problems;
}

describe("parseQuizSheet (StudyHall CSV)", () => {
  it("reads every question type", () => {
    const text = [
      HEADER,
      'single_choice,"Which rock holds water best?",Granite,Sandstone,Clay,,,2,,,,Think pores,"Sandstone is porous, clay is not permeable",500,30',
      "multiple_select,Which are aquifers?,Sandstone,Granite,Gravel,,,1;3,,,,,,,",
      "true_false,Clay is permeable,,,,,,false,,,,,,,",
      "short_text,Name the water table's upper zone,,,,,,,vadose zone|unsaturated zone,,,,,,",
      "numeric,Porosity of gravel in percent?,,,,,,,,30,5,,,,",
    ].join("\n");
    const parsed = parseQuizSheet(text);
    expect(parsed.problems).toBeUndefined();
    if (parsed.problems) return;
    expect(parsed.layout).toBe("studyhall");
    expect(parsed.questions.map((q) => q.line)).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.questions.map((q) => q.question)).toEqual([
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which rock holds water best?",
        choices: ["Granite", "Sandstone", "Clay"],
        correctChoices: [1],
        hint: "Think pores",
        explanation: "Sandstone is porous, clay is not permeable",
        points: 500,
        timeLimitSec: 30,
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which are aquifers?",
        choices: ["Sandstone", "Granite", "Gravel"],
        correctChoices: [0, 2],
        hint: null,
        explanation: null,
      },
      { kind: "TRUE_FALSE", prompt: "Clay is permeable", answer: false, hint: null, explanation: null },
      {
        kind: "SHORT_TEXT",
        prompt: "Name the water table's upper zone",
        acceptedAnswers: ["vadose zone", "unsaturated zone"],
        hint: null,
        explanation: null,
      },
      {
        kind: "NUMERIC",
        prompt: "Porosity of gravel in percent?",
        numericAnswer: 30,
        tolerance: 5,
        hint: null,
        explanation: null,
      },
    ]);
  });

  it("takes columns in any order and leaves optional ones out", () => {
    const parsed = parseQuizSheet(
      "Question,Correct,Type,Choice 1,Choice 2\nUp or down?,1,single_choice,Up,Down\n",
    );
    expect(parsed.problems).toBeUndefined();
    expect(!parsed.problems && parsed.questions[0]!.question).toMatchObject({
      choices: ["Up", "Down"],
      correctChoices: [0],
    });
  });

  it("names the line and column of a correct choice that is not a choice", () => {
    const text = `${HEADER}\n${"single_choice,Q1,a,b,,,,1,,,,,,,\n".repeat(5)}single_choice,Q7,a,b,c,d,,5,,,,,,,\n`;
    const problems = problemsOf(text);
    expect(problems).toEqual([{ line: 7, column: "correct", message: "'5' is not one of the choices 1–4." }]);
    expect(describeProblems(problems)).toContain(
      "Line 7, column 'correct': '5' is not one of the choices 1–4.",
    );
  });

  it("lists every problem of a file, each with its line and column", () => {
    const text = [
      HEADER,
      "essay,Q,,,,,,,,,,,,,",
      ",,,,,,,,,,,,,,",
      "single_choice,,a,,c,,,1,,,,,,,",
      "single_choice,Two right,a,b,,,,1;2,,,,,,,",
      "multiple_select,Q,a,A,,,,1,,,,,,,",
      "true_false,Q,,,,,,maybe,,,,,,,",
      "short_text,Q,,,,,,,,,,,,,",
      "numeric,Q,,,,,,,,1\u00a0000,,,,,",
      "numeric,Q,,,,,,,,2,-1,,,,",
      "true_false,Q,,,,,,true,,,,,,-5,2",
      "short_text,Q,x,,,,,,y,,,,,,",
    ].join("\r\n");
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, "type"],
      [4, "question"],
      [4, "choice_2"],
      [5, "correct"],
      [6, "choice_2"],
      [7, "correct"],
      [8, "accepted_answers"],
      [9, "numeric_answer"],
      [10, "tolerance"],
      [11, "points"],
      [11, "time_limit_sec"],
      [12, "choice_1"],
    ]);
    expect(problems[0]!.message).toContain("'essay' is not a question type");
  });

  it("refuses long fields, a row with too many fields, a bad header, and too many questions", () => {
    expect(problemsOf(`${HEADER}\ntrue_false,${"x".repeat(501)},,,,,,true,,,,,,,\n`)[0]).toMatchObject({
      line: 2,
      column: "question",
      message: "501 characters is too long; at most 500.",
    });
    expect(problemsOf(`${HEADER}\ntrue_false,Q,,,,,,true,,,,,,,,extra\n`)[0]!.message).toContain("16 fields");
    expect(problemsOf("kind,prompt\nx,y\n")[0]).toMatchObject({ line: 1 });
    expect(problemsOf("type,question,colour\nx,y,z\n")[0]!.message).toContain("unknown column 'colour'");
    expect(problemsOf(`${HEADER}\n`)[0]!.message).toContain("no questions");
    const many = `${HEADER}\n${"true_false,Q,,,,,,true,,,,,,,\n".repeat(51)}`;
    expect(problemsOf(many)).toEqual([
      { line: 52, message: "the file has 51 questions; a file may hold at most 50." },
    ]);
  });

  it("shows the first 20 problems and counts the rest", () => {
    const text = `${HEADER}\n${"essay,Q,,,,,,,,,,,,,\n".repeat(25)}`;
    const message = describeProblems(problemsOf(text));
    expect(message.split("\n")).toHaveLength(22);
    expect(message).toContain("…and 5 more problems.");
  });
});

describe("writeQuizCsv", () => {
  it("writes what parseQuizSheet reads back, formula-like text guarded", () => {
    const questions = [
      {
        kind: "SINGLE_CHOICE" as const,
        prompt: '=SUM(A1) is "a formula", with commas',
        choices: ["+1", "-1", "@home", "line\nbreak"],
        correctChoices: [2],
        acceptedAnswers: [],
        numericAnswer: null,
        tolerance: null,
        hint: "Ünïcödé, ok",
        explanation: null,
        points: 1000,
        timeLimitSec: 20,
      },
      {
        kind: "NUMERIC" as const,
        prompt: "Depth below sea level (m)?",
        choices: [],
        correctChoices: [],
        acceptedAnswers: [],
        numericAnswer: -12.5,
        tolerance: 0.25,
        hint: null,
        explanation: "Measured in 2024",
        points: 0,
        timeLimitSec: 300,
      },
    ];
    const csv = writeQuizCsv(questions);
    expect(csv).toContain(`"'=SUM(A1) is ""a formula"", with commas",'+1,'-1,'@home,"line\nbreak"`);
    const parsed = parseQuizSheet(`\uFEFF${csv}`);
    expect(parsed.problems).toBeUndefined();
    if (parsed.problems) return;
    expect(parsed.questions.map((q) => q.question)).toEqual([
      {
        kind: "SINGLE_CHOICE",
        prompt: '=SUM(A1) is "a formula", with commas',
        choices: ["+1", "-1", "@home", "line\nbreak"],
        correctChoices: [2],
        hint: "Ünïcödé, ok",
        explanation: null,
        points: 1000,
        timeLimitSec: 20,
      },
      {
        kind: "NUMERIC",
        prompt: "Depth below sea level (m)?",
        numericAnswer: -12.5,
        tolerance: 0.25,
        hint: null,
        explanation: "Measured in 2024",
        points: 0,
        timeLimitSec: 300,
      },
    ]);
  });
});
