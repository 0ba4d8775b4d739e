import { z } from "zod";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { CARD_LIMITS } from "./card-limits.ts";
import { questionNotFound, upsertQuestionCards } from "./cards-from-missed-questions.ts";
import { savedDeckId } from "./decks.ts";
import { courseMember } from "./flashcard-access.ts";

export interface SavedCard {
  cardId: string;
  /** False when it was already a card (saved before): nothing new was made. */
  created: boolean;
  courseId: string;
}

const clip = (text: string, limit: number) =>
  text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;

const citationSchema = z.object({
  chunkId: z.string().nullish(),
  materialId: z.string().nullish(),
  title: z.string(),
  anchor: z.string().nullish(),
});

function answerNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "tutor answer not found for this person", {
    userMessage: "That answer cannot be saved: it is not one of your tutor answers.",
  });
}

const answerInput = z.object({ actor: actorSchema, messageId: z.uuid() });

/**
 * Saves a tutor answer the person was given as a card in their "Saved cards" deck of the answer's
 * course: their question on the front, the answer on the back (shortened to the card limit: it is the
 * tutor's text, so saving it must not fail), its first citation as the source. Only the person the
 * answer was given to, still enrolled in its course. Saving the same answer again makes no second card.
 */
export async function saveAnswerAsCard(db: Prisma, input: z.input<typeof answerInput>): Promise<SavedCard> {
  const { actor, messageId } = parseUseCaseInput(answerInput, input, { messageId: answerNotFound });
  const { userId } = await resolveUser(db, actor);
  const answer = await db.message.findFirst({
    where: { id: messageId, role: "ASSISTANT", conversation: { userId } },
    include: { conversation: { select: { courseId: true } } },
  });
  if (!answer) throw answerNotFound();
  const courseId = answer.conversation.courseId;
  await courseMember(db, actor, courseId);
  await requireOpenCourseById(db, courseId);
  const question = await db.message.findFirst({
    where: { conversationId: answer.conversationId, role: "USER", createdAt: { lte: answer.createdAt } },
    orderBy: { createdAt: "desc" },
  });
  const citations = z.array(citationSchema).safeParse(answer.citations ?? []);
  const source = citations.success ? citations.data[0] : undefined;
  const front = clip((question?.content ?? "").trim() || "Tutor answer", CARD_LIMITS.face);
  const back = clip(answer.content.trim(), CARD_LIMITS.face);
  return db.$transaction(async (tx) => {
    const deckId = await savedDeckId(tx, { userId, courseId });
    await tx.$executeRaw`SELECT 1 FROM "Deck" WHERE "id" = ${deckId}::uuid FOR UPDATE`;
    const existing = await tx.card.findFirst({ where: { deckId, front, back }, select: { id: true } });
    if (existing) return { cardId: existing.id, created: false, courseId };
    const last = await tx.card.aggregate({ where: { deckId }, _max: { position: true } });
    const card = await tx.card.create({
      data: {
        deckId,
        courseId,
        position: (last._max.position ?? -1) + 1,
        front,
        back,
        sourceChunkId: source?.chunkId ?? null,
        sourceMaterialId: source?.materialId ?? null,
        sourceTitle: source?.title ?? null,
        sourceAnchor: source?.anchor ?? null,
      },
      select: { id: true },
    });
    return { cardId: card.id, created: true, courseId };
  });
}

const questionInput = z.object({ actor: actorSchema, questionId: z.uuid() });

/**
 * Saves a quiz question as a card in the person's "Saved cards" deck. The question must be of an
 * approved quiz of a course they are enrolled in, and its answer must have been shown to them: a live
 * game of the course went past it (its reveal is posted to the whole channel), or they answered it in
 * their own practice. One card per question: saving it again returns the same card.
 */
export async function saveQuestionAsCard(
  db: Prisma,
  input: z.input<typeof questionInput>,
): Promise<SavedCard> {
  const { actor, questionId } = parseUseCaseInput(questionInput, input, { questionId: questionNotFound });
  const { userId } = await resolveUser(db, actor);
  const question = await db.question.findFirst({
    where: { id: questionId, quiz: { status: "APPROVED" } },
    select: { id: true, position: true, quizId: true, quiz: { select: { courseId: true } } },
  });
  if (!question) throw questionNotFound();
  const courseId = question.quiz.courseId;
  const enrolled = await db.enrollment.findUnique({ where: { courseId_userId: { courseId, userId } } });
  if (!enrolled || enrolled.removedAt) throw questionNotFound();
  if (!(await answerWasShown(db, { userId, courseId, ...question }))) throw questionNotFound();
  await requireOpenCourseById(db, courseId);
  return db.$transaction(async (tx) => {
    const { deckId, created } = await upsertQuestionCards(tx, {
      userId,
      courseId,
      questionIds: [questionId],
    });
    const card = await tx.card.findFirst({
      where: { deckId, sourceQuestionId: questionId },
      select: { id: true },
    });
    if (!card) throw questionNotFound();
    return { cardId: card.id, created: created === 1, courseId };
  });
}

async function answerWasShown(
  db: Prisma,
  q: { userId: string; courseId: string; quizId: string; id: string; position: number },
): Promise<boolean> {
  const revealed = await db.quizSession.count({
    where: {
      courseId: q.courseId,
      quizId: q.quizId,
      OR: [
        { questionIndex: { gt: q.position } },
        { questionIndex: q.position, state: { in: ["REVEAL", "FINISHED"] } },
      ],
    },
  });
  if (revealed > 0) return true;
  const practised = await db.practiceAnswer.count({ where: { questionId: q.id, run: { userId: q.userId } } });
  return practised > 0;
}
