import { z } from "zod";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { cardTextProblems, type NewCard } from "./card-limits.ts";
import type { DeckSummary } from "./card-types.ts";
import { findDeck, savedDeckId } from "./decks.ts";
import { courseMember, deckNotFound, staffOnly, type Tx } from "./flashcard-access.ts";

/** The columns of one new card, trimmed; tags deduplicated. */
function cardColumns(card: NewCard) {
  const source = card.source ?? {};
  return {
    front: card.front.trim(),
    back: card.back.trim(),
    hint: card.hint?.trim() || null,
    tags: [...new Set((card.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    sourceChunkId: source.chunkId ?? null,
    sourceMaterialId: source.materialId ?? null,
    sourceTitle: source.title ?? null,
    sourceAnchor: source.anchor ?? null,
    sourceQuestionId: source.questionId ?? null,
  };
}

/**
 * Refuses the whole batch when any card breaks a limit, naming each card (by its 1-based number in
 * the batch, first ten) and the limit; nothing is written.
 */
export function refuseBadCards(cards: NewCard[]): void {
  const lines: string[] = [];
  for (const [i, card] of cards.entries()) {
    const problems = cardTextProblems(card);
    if (problems.length)
      lines.push(cards.length === 1 ? problems.join(" ") : `Card ${i + 1}: ${problems.join(" ")}`);
  }
  if (!lines.length) return;
  throw new AppError(ErrorCode.InvalidInput, "card text over its limits", {
    userMessage:
      lines.slice(0, 10).join("\n") + (lines.length > 10 ? `\n…and ${lines.length - 10} more.` : ""),
    details: { bad: lines.length },
  });
}

/**
 * Adds cards to a deck of the course in the caller's transaction, after its last card. Checks every
 * card first ({@link cardTextProblems}); an empty batch is refused. Returns how many were added. The
 * caller has checked who may add to the deck.
 */
export async function addCards(
  tx: Tx,
  input: { deckId: string; courseId: string; cards: NewCard[] },
): Promise<number> {
  const { deckId, courseId, cards } = input;
  if (!cards.length)
    throw new AppError(ErrorCode.InvalidInput, "no cards", { userMessage: "There are no cards to add." });
  refuseBadCards(cards);
  const deck = await tx.deck.findFirst({ where: { id: deckId, courseId }, select: { id: true } });
  if (!deck) throw deckNotFound();
  // Lock the deck row so two batches into one deck number their cards without overlapping.
  await tx.$executeRaw`SELECT 1 FROM "Deck" WHERE "id" = ${deckId}::uuid FOR UPDATE`;
  const last = await tx.card.aggregate({ where: { deckId }, _max: { position: true } });
  const start = (last._max.position ?? -1) + 1;
  const created = await tx.card.createMany({
    data: cards.map((card, i) => ({ deckId, courseId, position: start + i, ...cardColumns(card) })),
  });
  return created.count;
}

const addCardInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  deck: z.string().trim().min(1).optional(),
  card: z.object({
    front: z.string(),
    back: z.string(),
    hint: z.string().nullish(),
    tags: z.array(z.string()).optional(),
  }),
});

/**
 * Adds one card written by hand: to the named deck (one of the person's own, or a course deck when they
 * are staff), or by default to their "Saved cards" deck.
 */
export async function addCard(
  db: Prisma,
  input: z.input<typeof addCardInput>,
): Promise<{ deck: DeckSummary; cardId: string }> {
  const { actor, courseId, deck, card } = parseUseCaseInput(addCardInput, input, { courseId: deckNotFound });
  const member = await courseMember(db, actor, courseId);
  await requireOpenCourseById(db, courseId);
  refuseBadCards([card]);
  let deckId: string;
  if (deck) {
    const found = await findDeck(db, { actor, courseId, deck });
    if (found.kind === "COURSE" && member.role !== "STAFF") throw staffOnly("add cards to a course deck");
    if (found.kind === "PERSONAL" && !found.mine) throw deckNotFound();
    deckId = found.id;
  } else deckId = await savedDeckId(db, { userId: member.userId, courseId });
  const cardId = await db.$transaction(async (tx) => {
    await addCards(tx, { deckId, courseId, cards: [card] });
    const added = await tx.card.findFirst({
      where: { deckId },
      orderBy: { position: "desc" },
      select: { id: true },
    });
    if (!added) throw new AppError(ErrorCode.Internal, "card missing after insert");
    return added.id;
  });
  return { deck: await findDeck(db, { actor, courseId, deck: deckId }), cardId };
}
