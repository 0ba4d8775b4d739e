import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { NewCard } from "./card-limits.ts";
import { savedDeckId } from "./decks.ts";
import type { Tx } from "./flashcard-access.ts";
import { questionCard } from "./question-card.ts";
import { studySettingsOf } from "./study-settings-values.ts";

const DAY_MS = 86_400_000;

/**
 * Puts questions into the person's "Saved cards" deck of the course, one card per question (the
 * partial unique index on deck + question: a question saved twice, or saved and then missed, stays one
 * card). Returns the ids of the questions' cards, new or not. The questions must be of the course.
 */
export async function upsertQuestionCards(
  tx: Tx,
  input: { userId: string; courseId: string; questionIds: string[] },
): Promise<{ deckId: string; created: number }> {
  const { userId, courseId } = input;
  const questions = await tx.question.findMany({
    where: { id: { in: input.questionIds }, quiz: { courseId } },
    orderBy: [{ quizId: "asc" }, { position: "asc" }],
  });
  const deckId = await savedDeckId(tx, { userId, courseId });
  if (!questions.length) return { deckId, created: 0 };
  // Lock the deck so concurrent saves number their cards without overlapping.
  await tx.$executeRaw`SELECT 1 FROM "Deck" WHERE "id" = ${deckId}::uuid FOR UPDATE`;
  const last = await tx.card.aggregate({ where: { deckId }, _max: { position: true } });
  let position = (last._max.position ?? -1) + 1;
  let created = 0;
  for (const q of questions) {
    const card: NewCard = questionCard(q);
    const s = card.source ?? {};
    created += await tx.$executeRaw`
      INSERT INTO "Card" ("id", "deckId", "courseId", "position", "front", "back", "hint", "tags",
        "sourceChunkId", "sourceMaterialId", "sourceTitle", "sourceAnchor", "sourceQuestionId", "updatedAt")
      VALUES (gen_random_uuid(), ${deckId}::uuid, ${courseId}::uuid, ${position}, ${card.front}, ${card.back},
        ${card.hint ?? null}, ARRAY[]::text[], ${s.chunkId ?? null}::uuid, ${s.materialId ?? null}::uuid,
        ${s.title ?? null}, ${s.anchor ?? null}, ${q.id}::uuid, now())
      ON CONFLICT ("deckId", "sourceQuestionId") WHERE "sourceQuestionId" IS NOT NULL DO NOTHING`;
    position++;
  }
  return { deckId, created };
}

/**
 * In the caller's transaction: the questions a person missed (in a live game or practice) become cards
 * in their "Saved cards" deck of the course, due `now` + 1 day, unless they turned this off
 * (StudySettings.cardsFromMisses; no settings row means on). A question already a card keeps its card
 * and schedule. Returns how many cards were made.
 */
export async function cardsFromMissedQuestions(
  tx: Tx,
  input: { userId: string; courseId: string; questionIds: string[]; now: Date },
): Promise<number> {
  if (!input.questionIds.length) return 0;
  if (!(await studySettingsOf(tx, input.userId)).cardsFromMisses) return 0;
  const { deckId, created } = await upsertQuestionCards(tx, input);
  const due = new Date(input.now.getTime() + DAY_MS);
  await tx.$executeRaw`
    INSERT INTO "CardState" ("userId", "cardId", "courseId", "due", "createdAt")
    SELECT ${input.userId}::uuid, c."id", c."courseId", ${due}, ${input.now}
    FROM "Card" c
    WHERE c."deckId" = ${deckId}::uuid AND c."sourceQuestionId" = ANY(${input.questionIds}::uuid[])
    ON CONFLICT ("userId", "cardId") DO NOTHING`;
  return created;
}

/** The "not found" of a question that cannot be saved by this person. */
export function questionNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "question not found or not revealed", {
    userMessage: "That question cannot be saved: it is not one you have seen answered in your course.",
  });
}
