import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import { finishPracticeRun } from "./finish-practice-run.ts";
import { practiceRunNotFound } from "./practice-errors.ts";
import { practiceQuestionReply } from "./practice-replies.ts";
import { lockRun, PRACTICE_TX, questionAt } from "./practice-run.ts";

const nextInput = z.object({ actor: actorSchema, runId: z.uuid(), now: z.date() });

/**
 * Moves the run on to its next question, only once the current one is answered (so a double click on
 * [Next] moves once and then shows the same question again); past the last question the run finishes
 * and the summary is returned. A finished run returns its summary.
 */
export async function nextPracticeQuestion(db: Prisma, input: z.input<typeof nextInput>): Promise<Reply> {
  const { actor, runId, now } = parseUseCaseInput(nextInput, input, { runId: () => practiceRunNotFound() });
  const { userId } = await resolveUser(db, actor);
  return db.$transaction(async (tx) => {
    const loaded = await lockRun(tx, runId, userId);
    const { run } = loaded;
    if (run.finishedAt) return finishPracticeRun(tx, loaded, now);
    const current = questionAt(loaded, run.position);
    if (current && !loaded.answers.has(current.id))
      return practiceQuestionReply(loaded, current, "Answer this question first.");
    const position = run.position + 1;
    const next = questionAt(loaded, position);
    if (!next) return finishPracticeRun(tx, loaded, now);
    const moved = await tx.practiceRun.update({
      where: { id: runId },
      data: { position, questionShownAt: now },
    });
    return practiceQuestionReply({ ...loaded, run: moved }, next);
  }, PRACTICE_TX);
}
