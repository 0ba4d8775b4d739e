import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { sessionQuestions, toLiveSession } from "./live-session.ts";

/** The question a form answers, without its answer. */
export interface OpenQuestion {
  sessionId: string;
  questionIndex: number;
  kind: Question["kind"];
  prompt: string;
  choices: string[];
  /** How many choices a multiple-select answer may have. */
  maxChoices: number;
}

/**
 * The open question, for front ends that answer through a form (multiple select, text, number); null
 * once the game has moved past it, so a late form shows "too late" instead of another question.
 */
export async function describeOpenQuestion(
  db: Prisma,
  sessionId: string,
  questionIndex: number,
): Promise<OpenQuestion | null> {
  const row = await db.quizSession.findUnique({ where: { id: sessionId } });
  if (row?.state !== "QUESTION" || row.questionIndex !== questionIndex) return null;
  const question = (await sessionQuestions(db, toLiveSession(row)))[questionIndex];
  if (!question) return null;
  return {
    sessionId,
    questionIndex,
    kind: question.kind,
    prompt: question.prompt,
    choices: question.choices,
    maxChoices: question.kind === "MULTIPLE_SELECT" ? question.choices.length : 1,
  };
}
