import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { choiceLabel } from "../quiz/choice-label.ts";
import { practiceRunNotFound, stalePracticeQuestion } from "./practice-errors.ts";
import { answersWithButtons } from "./practice-replies.ts";
import { loadRun, questionAt } from "./practice-run.ts";

const formInput = z.object({ actor: actorSchema, runId: z.uuid(), position: z.number().int().min(0) });

/** What a front end's form shows for a practice question answered by form (never the answer). */
export interface PracticeQuestionForm {
  title: string;
  prompt: string;
  kind: "MULTIPLE_SELECT" | "SHORT_TEXT" | "NUMERIC";
  /** Choice labels ("A. Ribosome") for multiple select; [] otherwise. */
  choices: string[];
}

/**
 * The current question of a run for a form (multiple select, short text, numeric). A form opened from
 * a question the run has moved past, or one already answered, is refused as stale.
 */
export async function practiceQuestionForm(
  db: Prisma,
  input: z.input<typeof formInput>,
): Promise<PracticeQuestionForm> {
  const { actor, runId, position } = parseUseCaseInput(formInput, input, {
    runId: () => practiceRunNotFound(),
  });
  const { userId } = await resolveUser(db, actor);
  const loaded = await loadRun(db, runId, userId);
  const question = questionAt(loaded, position);
  if (
    !question ||
    position !== loaded.run.position ||
    loaded.run.finishedAt ||
    loaded.answers.has(question.id)
  )
    throw stalePracticeQuestion({ runId, position });
  if (answersWithButtons(question))
    throw new AppError(ErrorCode.InvalidInput, "practice question is answered with buttons", {
      userMessage: "Answer this question with its buttons.",
      details: { runId, kind: question.kind },
    });
  return {
    title: `${loaded.quiz.title} · question ${position + 1} of ${loaded.run.questionIds.length}`,
    prompt: question.prompt,
    kind: question.kind as PracticeQuestionForm["kind"],
    choices:
      question.kind === "MULTIPLE_SELECT"
        ? question.choices.map((c, i) => choiceLabel(question.kind, i, c))
        : [],
  };
}
