import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { DeckSummary } from "./card-types.ts";
import { deckNotFound, staffOnly } from "./flashcard-access.ts";

const deckInput = z.object({ actor: actorSchema, deckId: z.uuid() });

/**
 * A course deck and the actor as its course's staff. A deck of a course the actor is not in is "not
 * found" (its id says nothing to them); a student of the course is told only staff may.
 */
async function staffCourseDeck(db: Prisma, input: z.input<typeof deckInput>, what: string) {
  const { actor, deckId } = parseUseCaseInput(deckInput, input, { deckId: deckNotFound });
  const { userId } = await resolveUser(db, actor);
  const deck = await db.deck.findFirst({
    where: { id: deckId, kind: "COURSE", status: { not: "ARCHIVED" } },
    include: { _count: { select: { cards: true } } },
  });
  if (!deck) throw deckNotFound();
  const enrollment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: deck.courseId, userId } },
  });
  if (!enrollment || enrollment.removedAt) throw deckNotFound();
  if (enrollment.role !== "STAFF") throw staffOnly(what);
  await requireOpenCourseById(db, deck.courseId);
  return { deck, userId, platform: actor.platform };
}

/** Approves a draft course deck so students see it. Staff only; an empty deck is refused; audited. */
export async function approveDeck(db: Prisma, input: z.input<typeof deckInput>): Promise<DeckSummary> {
  const { deck, userId, platform } = await staffCourseDeck(db, input, "approve a deck");
  if (deck._count.cards === 0)
    throw new AppError(ErrorCode.Conflict, "empty deck", {
      userMessage: `"${deck.title}" has no cards, so there is nothing to approve.`,
    });
  await db.$transaction(async (tx) => {
    await tx.deck.update({
      where: { id: deck.id },
      data: { status: "APPROVED", approvedById: userId, approvedAt: new Date() },
    });
    await recordAudit(tx, {
      action: "deck.approved",
      courseId: deck.courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "deck",
      targetId: deck.id,
      details: { title: deck.title.slice(0, 200), cards: deck._count.cards },
    });
  });
  return {
    id: deck.id,
    courseId: deck.courseId,
    kind: "COURSE",
    title: deck.title,
    topic: deck.topic,
    status: "APPROVED",
    origin: deck.origin,
    cardCount: deck._count.cards,
    mine: false,
  };
}

/**
 * Discards a course deck: a draft is deleted (nobody studied it); an approved deck is archived, so the
 * review log of the people who studied it stays. Staff only; audited.
 */
export async function discardDeck(db: Prisma, input: z.input<typeof deckInput>): Promise<void> {
  const { deck, userId, platform } = await staffCourseDeck(db, input, "discard a deck");
  await db.$transaction(async (tx) => {
    if (deck.status === "DRAFT") await tx.deck.delete({ where: { id: deck.id } });
    else {
      await tx.deck.update({ where: { id: deck.id }, data: { status: "ARCHIVED" } });
      // An archived deck's cards leave everyone's review queue, so "what is due" stays one index range
      // on CardState with no deck join; the review log keeps their history.
      await tx.$executeRaw`DELETE FROM "CardState" s USING "Card" c
        WHERE c."id" = s."cardId" AND c."deckId" = ${deck.id}::uuid`;
    }
    await recordAudit(tx, {
      action: "deck.discarded",
      courseId: deck.courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "deck",
      targetId: deck.id,
      details: { title: deck.title.slice(0, 200), was: deck.status },
    });
  });
}
