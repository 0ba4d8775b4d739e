import type { StudyHallDeps } from "../deps.ts";
import type { Actor } from "../people/actor.ts";
import { answerPractice } from "../practice/answer-practice.ts";
import { practiceQuestionForm } from "../practice/practice-question-form.ts";
import type { Reply } from "../reply/reply.ts";
import { submitWriting } from "../writing/submit-writing.ts";
import { WRITING_LIMITS } from "../writing/writing-limits.ts";
import { describeWritingPrompt } from "../writing/writing-prompts.ts";
import { writingResultReply } from "../writing/writing-result-reply.ts";
import type { StudyActionResult } from "./handle-study-action.ts";

/** What a front end's form for a practice question shows (multiple select, typed text, a number). */
export interface PracticeForm {
  title: string;
  prompt: string;
  kind: "MULTIPLE_SELECT" | "SHORT_TEXT" | "NUMERIC";
  choices: string[];
}

/** The practice question a `practice.respond` button opens a form for. */
export function practiceForm(
  deps: StudyHallDeps,
  input: { actor: Actor; runId: string; position: number },
): Promise<PracticeForm> {
  return practiceQuestionForm(deps.db, input);
}

/** Answers a practice question from its form; the reply replaces the message the button was on. */
export async function answerPracticeForm(
  deps: StudyHallDeps,
  input: {
    actor: Actor;
    runId: string;
    position: number;
    response: { choices?: number[]; text?: string; number?: number };
  },
): Promise<StudyActionResult> {
  return { reply: await answerPractice(deps.db, { ...input, now: deps.clock() }), placement: "replace" };
}

/** What a front end's writing form shows: the prompt, its criteria and the longest text accepted. */
export interface WritingForm {
  promptId: string;
  title: string;
  prompt: string;
  criteria: string[];
  maxChars: number;
}

/** The prompt a `writing.open` button opens a form for (an approved prompt of a course the person is in). */
export async function writingForm(
  deps: StudyHallDeps,
  input: { actor: Actor; promptId: string },
): Promise<WritingForm> {
  const prompt = await describeWritingPrompt(deps.db, input);
  return {
    promptId: prompt.id,
    title: prompt.title,
    prompt: prompt.prompt,
    criteria: prompt.rubric.map((c) => c.name),
    maxChars: WRITING_LIMITS.maxChars,
  };
}

/** Submits writing from a form and answers with its feedback. */
export async function submitWritingForm(
  deps: StudyHallDeps,
  input: { actor: Actor; promptId: string; text: string },
): Promise<Reply> {
  return writingResultReply(await submitWriting(deps, input));
}
