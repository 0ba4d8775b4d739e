import { z } from "zod";
import type { PracticeAnswer, Question } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { awardXp } from "../progress/award-xp.ts";
import { xpFor } from "../progress/xp-rules.ts";
import { gradeResponse, type QuizResponse } from "../quiz/grade-response.ts";
import { checkAnswerShape } from "../quiz/live/check-answer-shape.ts";
import type { Reply } from "../reply/reply.ts";
import { finishPracticeRun } from "./finish-practice-run.ts";
import { practiceRunNotFound, stalePracticeQuestion } from "./practice-errors.ts";
import { practiceFeedbackReply } from "./practice-replies.ts";
import { type LoadedRun, lockRun, PRACTICE_TX, questionAt, type Tx } from "./practice-run.ts";

const answerInput = z.object({
  actor: actorSchema,
  runId: z.uuid(),
  position: z.number().int().min(0),
  response: z.unknown(),
  now: z.date(),
});

/**
 * Answers the run's current question and returns instant feedback. The answer is stored once
 * (INSERT … ON CONFLICT DO NOTHING on run and question): a double click or a second window changes
 * nothing and shows the first answer's feedback. Only the question at the run's position may be
 * answered; with a clock, an answer after the question's time counts as wrong ("time was up"). The run's
 * totals and the answer's XP move in the same transaction (a question earns XP once per local day, so
 * practising it again today earns nothing), and the last answer finishes the run (its summary follows
 * the feedback).
 */
export async function answerPractice(db: Prisma, input: z.input<typeof answerInput>): Promise<Reply> {
  const { actor, runId, position, response, now } = parseUseCaseInput(answerInput, input, {
    runId: () => practiceRunNotFound(),
  });
  const { userId } = await resolveUser(db, actor);
  return db.$transaction(async (tx) => {
    const loaded = await lockRun(tx, runId, userId);
    const question = questionAt(loaded, position);
    const earlier = question ? loaded.answers.get(question.id) : undefined;
    if (question && earlier) return feedback(tx, loaded, question, earlier, now);
    if (!question || position !== loaded.run.position || loaded.run.finishedAt)
      throw stalePracticeQuestion({ runId, position, current: loaded.run.position });
    const answer = await storeAnswer(tx, loaded, question, checkAnswerShape(question, response), now);
    const run = await tx.practiceRun.update({
      where: { id: runId },
      data: { correctCount: { increment: answer.correct ? 1 : 0 }, credit: { increment: answer.credit } },
    });
    await awardXp(tx, [
      {
        userId,
        courseId: run.courseId,
        kind: "PRACTICE_ANSWER",
        sourceKey: question.id,
        points: xpFor("PRACTICE_ANSWER", answer.correct),
        occurredAt: answer.answeredAt,
        perLocalDay: true,
      },
    ]);
    const answers = new Map(loaded.answers).set(question.id, answer);
    return feedback(tx, { ...loaded, run, answers }, question, answer, now);
  }, PRACTICE_TX);
}

async function storeAnswer(
  tx: Tx,
  loaded: LoadedRun,
  question: Question,
  response: QuizResponse,
  now: Date,
): Promise<PracticeAnswer> {
  const { run } = loaded;
  const deadline =
    run.timeLimitSec && run.questionShownAt ? run.questionShownAt.getTime() + run.timeLimitSec * 1000 : null;
  const late = deadline !== null && now.getTime() > deadline;
  const grade = late ? { correct: false, credit: 0 } : gradeResponse(question, response);
  // The run is locked, so no other answer to it can be in flight; the key still guards the row.
  await tx.practiceAnswer.createMany({
    data: [
      {
        runId: run.id,
        questionId: question.id,
        choices: response.choices ?? [],
        text: response.text ?? null,
        number: response.number ?? null,
        correct: grade.correct,
        credit: grade.credit,
        late,
        answeredAt: now,
      },
    ],
    skipDuplicates: true,
  });
  return tx.practiceAnswer.findUniqueOrThrow({
    where: { runId_questionId: { runId: run.id, questionId: question.id } },
  });
}

/** Feedback on the answer; after the run's last question, the run is finished and its summary follows. */
async function feedback(
  tx: Tx,
  loaded: LoadedRun,
  question: Question,
  answer: PracticeAnswer,
  now: Date,
): Promise<Reply> {
  const allAnswered = loaded.run.questionIds.every((id) => loaded.answers.has(id));
  const isLast = loaded.run.questionIds.indexOf(question.id) === loaded.run.questionIds.length - 1;
  const summary = allAnswered && isLast ? await finishPracticeRun(tx, loaded, now) : null;
  return practiceFeedbackReply(loaded, question, answer, summary);
}
