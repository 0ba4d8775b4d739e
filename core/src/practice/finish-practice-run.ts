import { cardsFromMissedQuestions } from "../flashcards/cards-from-missed-questions.ts";
import type { Reply } from "../reply/reply.ts";
import { practiceSummaryReply } from "./practice-replies.ts";
import { type LoadedRun, missedQuestionIds, type Tx } from "./practice-run.ts";
import { quizRecords, recordOf } from "./practice-standings.ts";

/**
 * Ends a run whose questions are all answered, in the caller's transaction (the run is locked): the
 * run is marked finished and its missed questions become cards in the person's saved deck (unless they
 * turned that off), so a crash cannot finish a run without its cards. A finished run only gets its
 * summary again.
 */
export async function finishPracticeRun(tx: Tx, loaded: LoadedRun, now: Date): Promise<Reply> {
  const missed = missedQuestionIds(loaded);
  let run = loaded.run;
  if (!run.finishedAt) {
    run = await tx.practiceRun.update({
      where: { id: run.id },
      data: { position: run.questionIds.length, finishedAt: now, questionShownAt: null },
    });
    if (missed.length > 0)
      await cardsFromMissedQuestions(tx, {
        userId: run.userId,
        courseId: run.courseId,
        questionIds: missed,
        now,
      });
  }
  const records = await quizRecords(tx, {
    userId: run.userId,
    courseId: run.courseId,
    quizIds: [run.quizId],
  });
  return practiceSummaryReply({ ...loaded, run }, missed.length, recordOf(records, run.quizId));
}
