import { MAX_QUIZ_TITLE_CHARS } from "../manage-quizzes.ts";
import type { QuestionInput } from "../question-input.ts";
import { validateQuestion } from "./question-problems.ts";

/**
 * A short quiz written in a chat form: one question per box, as one line
 * `Question? | *right answer | wrong | wrong`. Limits kept small so every platform's form holds it.
 */
export const CHAT_QUIZ_LINES = {
  minAnswers: 2,
  maxAnswers: 4,
  /** The most question boxes any chat form has (Slack's modal; Discord's holds 4 beside the title). */
  maxQuestions: 5,
  example: "What is H2O? | *Water | Salt | Sugar",
} as const;

/** What the line format is, in one sentence, for placeholders, hints and the README. */
export const CHAT_QUIZ_LINE_HELP = `One question per box: the question, then ${CHAT_QUIZ_LINES.minAnswers} to ${CHAT_QUIZ_LINES.maxAnswers} answers, separated by |, with * before the right one. Example: ${CHAT_QUIZ_LINES.example}`;

/** One problem of a chat quiz form: the title or the box (0-based) it belongs next to. */
export interface ChatQuizProblem {
  field: "title" | number;
  message: string;
}

/**
 * Reads a chat quiz form without touching the database: the title and the boxes (empty boxes are
 * skipped). Either the quiz's questions, single choice, or every problem, each with its box.
 */
export function readChatQuiz(form: {
  title: string;
  lines: string[];
}): { title: string; questions: QuestionInput[]; problems?: undefined } | { problems: ChatQuizProblem[] } {
  const problems: ChatQuizProblem[] = [];
  const title = form.title.trim();
  if (!title) problems.push({ field: "title", message: "Give the quiz a title." });
  else if (title.length > MAX_QUIZ_TITLE_CHARS)
    problems.push({ field: "title", message: `Quiz titles are at most ${MAX_QUIZ_TITLE_CHARS} characters.` });
  const questions: QuestionInput[] = [];
  for (const [box, line] of form.lines.slice(0, CHAT_QUIZ_LINES.maxQuestions).entries()) {
    if (!line.trim()) continue;
    const read = readQuestionLine(line);
    if ("problem" in read) problems.push({ field: box, message: `Question ${box + 1}: ${read.problem}` });
    else questions.push(read.question);
  }
  if (questions.length === 0 && !problems.some((p) => typeof p.field === "number"))
    problems.push({ field: 0, message: `Write at least one question. ${CHAT_QUIZ_LINE_HELP}` });
  return problems.length ? { problems } : { title, questions };
}

function readQuestionLine(line: string): { question: QuestionInput } | { problem: string } {
  const [prompt = "", ...parts] = line
    .replace(/\s*\r?\n\s*/g, " ")
    .split("|")
    .map((p) => p.trim());
  if (!prompt) return { problem: "write the question before the first |." };
  const answers = parts.filter(Boolean);
  if (answers.length < CHAT_QUIZ_LINES.minAnswers || answers.length > CHAT_QUIZ_LINES.maxAnswers)
    return {
      problem: `give ${CHAT_QUIZ_LINES.minAnswers} to ${CHAT_QUIZ_LINES.maxAnswers} answers after the question, separated by | (found ${answers.length}).`,
    };
  const marked = answers.flatMap((a, i) => (a.startsWith("*") ? [i] : []));
  if (marked.length === 0) return { problem: "put * before the right answer, like |*Water." };
  if (marked.length > 1) return { problem: "mark only one answer with *." };
  const choices = answers.map((a) => a.replace(/^\*\s*/, ""));
  const checked = validateQuestion({ kind: "SINGLE_CHOICE", prompt, choices, correctChoices: marked });
  if (checked.problems) return { problem: lowerFirst(checked.problems.map((p) => p.message).join(" ")) };
  return { question: checked.question };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
