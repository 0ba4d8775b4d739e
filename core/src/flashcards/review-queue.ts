import { z } from "zod";
import { Prisma as Sql } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import type { DueCard } from "./card-types.ts";
import { cardNotFound, type Tx } from "./flashcard-access.ts";
import { localDay, type ReviewScope, reviewScope } from "./review-scope.ts";
import { studySettingsOf } from "./study-settings-values.ts";

interface DueRow {
  cardId: string;
  courseId: string;
  reps: number;
  state: number;
  front: string;
  back: string;
  hint: string | null;
  deckTitle: string;
  sourceTitle: string | null;
  sourceAnchor: string | null;
  sourceMaterialId: string | null;
  sourceChunkId: string | null;
}

/** A person's card states with each card's text and deck: the rows every queue read turns into DueCards. */
const DUE_CARD_FROM = Sql.sql`
  SELECT s."cardId", s."courseId", s."reps", s."state", c."front", c."back", c."hint",
         d."title" AS "deckTitle", c."sourceTitle", c."sourceAnchor",
         c."sourceMaterialId", c."sourceChunkId"
  FROM "CardState" s
  JOIN "Card" c ON c."id" = s."cardId"
  JOIN "Deck" d ON d."id" = c."deckId"`;

function toDueCard(row: DueRow): DueCard {
  return {
    cardId: row.cardId,
    courseId: row.courseId,
    deckTitle: row.deckTitle,
    front: row.front,
    back: row.back,
    hint: row.hint,
    source: row.sourceTitle
      ? {
          title: row.sourceTitle,
          anchor: row.sourceAnchor,
          materialId: row.sourceMaterialId,
          chunkId: row.sourceChunkId,
        }
      : null,
    reps: row.reps,
    state: (row.state >= 0 && row.state <= 3 ? row.state : 0) as DueCard["state"],
  };
}

/**
 * The card due soonest (at or before `now`) for the person: one range of the CardState(userId, due)
 * index, filtered to the scope's courses, then two primary-key joins for its text.
 */
export async function firstDue(db: Tx, scope: ReviewScope, now: Date): Promise<DueCard | null> {
  if (!scope.courseIds.length) return null;
  const rows = await db.$queryRaw<DueRow[]>`
    ${DUE_CARD_FROM}
    WHERE s."userId" = ${scope.userId}::uuid AND s."due" <= ${now}
      AND s."courseId" = ANY(${scope.courseIds}::uuid[])
    ORDER BY s."due", s."cardId"
    LIMIT 1`;
  return rows[0] ? toDueCard(rows[0]) : null;
}

/**
 * Introduces up to the person's new cards per day (less those introduced since their local midnight)
 * from the decks they study: approved course decks and their own personal decks, in deck then card
 * order. A CardState row (state new, due now) is what "introduced" means; ON CONFLICT makes a second
 * window introducing at the same moment harmless. Every new CardState row of the day counts, including
 * a missed question's card: it is a new card to learn like any other.
 */
export async function introduceNewCards(db: Tx, scope: ReviewScope, now: Date): Promise<number> {
  if (!scope.courseIds.length) return 0;
  const settings = await studySettingsOf(db, scope.userId);
  const { start } = localDay(now, settings.timeZone);
  const [today] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM "CardState"
    WHERE "userId" = ${scope.userId}::uuid AND "createdAt" >= ${start}`;
  const room = settings.newCardsPerDay - (today?.n ?? 0);
  if (room <= 0) return 0;
  // Each new card is due a millisecond after the one before it (all at or before `now`), so the
  // (userId, due) index alone hands them out in deck order without a sort.
  return db.$executeRaw`
    INSERT INTO "CardState" ("userId", "cardId", "courseId", "due", "createdAt")
    SELECT ${scope.userId}::uuid, n."id", n."courseId",
           ${now}::timestamp - make_interval(secs => (${room} - n."rank") / 1000.0), ${now}
    FROM (
      SELECT c."id", c."courseId",
             row_number() OVER (ORDER BY d."kind", d."createdAt", d."id", c."position") AS "rank"
      FROM "Card" c
      JOIN "Deck" d ON d."id" = c."deckId"
      WHERE c."courseId" = ANY(${scope.courseIds}::uuid[])
        AND ((d."kind" = 'COURSE' AND d."status" = 'APPROVED')
          OR (d."kind" = 'PERSONAL' AND d."ownerId" = ${scope.userId}::uuid AND d."status" <> 'ARCHIVED'))
        AND NOT EXISTS (SELECT 1 FROM "CardState" s WHERE s."userId" = ${scope.userId}::uuid AND s."cardId" = c."id")
      ORDER BY d."kind", d."createdAt", d."id", c."position"
      LIMIT ${room}
    ) n
    ON CONFLICT DO NOTHING`;
}

const scopeInput = z.object({ actor: actorSchema, courseId: z.uuid().nullable(), now: z.date() });

/**
 * The next card to review in one course (or every course of the person when `courseId` is null):
 * due reviews first; when none is due, the day's new cards are introduced and the first of them drawn.
 * Null when nothing is due and no new card is left for today.
 */
export async function nextDueCard(db: Prisma, input: z.input<typeof scopeInput>): Promise<DueCard | null> {
  const { actor, courseId, now } = parseUseCaseInput(scopeInput, input, { courseId: cardNotFound });
  const scope = await reviewScope(db, actor, courseId);
  const due = await firstDue(db, scope, now);
  if (due) return due;
  if ((await introduceNewCards(db, scope, now)) === 0) return null;
  return firstDue(db, scope, now);
}

/** How many cards are due now, and by the end of the person's day (their local midnight). */
export async function dueCounts(
  db: Prisma,
  input: z.input<typeof scopeInput>,
): Promise<{ dueNow: number; dueToday: number }> {
  const { actor, courseId, now } = parseUseCaseInput(scopeInput, input, { courseId: cardNotFound });
  const scope = await reviewScope(db, actor, courseId);
  if (!scope.courseIds.length) return { dueNow: 0, dueToday: 0 };
  const settings = await studySettingsOf(db, scope.userId);
  const { end } = localDay(now, settings.timeZone);
  const [row] = await db.$queryRaw<Array<{ dueNow: number; dueToday: number }>>`
    SELECT count(*) FILTER (WHERE "due" <= ${now})::int AS "dueNow", count(*)::int AS "dueToday"
    FROM "CardState"
    WHERE "userId" = ${scope.userId}::uuid AND "due" < ${end}
      AND "courseId" = ANY(${scope.courseIds}::uuid[])`;
  return { dueNow: row?.dueNow ?? 0, dueToday: row?.dueToday ?? 0 };
}

const cardInput = z.object({ actor: actorSchema, cardId: z.uuid() });

/**
 * One card of the person's queue, due or not (for "Show answer" and "Hint" on a card already drawn).
 * A card they have no state for, or of a course they left, is not found.
 */
export async function findCardForReview(db: Prisma, input: z.input<typeof cardInput>): Promise<DueCard> {
  const { actor, cardId } = parseUseCaseInput(cardInput, input, { cardId: cardNotFound });
  const scope = await reviewScope(db, actor, null);
  const rows = await db.$queryRaw<DueRow[]>`
    ${DUE_CARD_FROM}
    WHERE s."userId" = ${scope.userId}::uuid AND s."cardId" = ${cardId}::uuid
      AND s."courseId" = ANY(${scope.courseIds}::uuid[])`;
  if (!rows[0]) throw cardNotFound();
  return toDueCard(rows[0]);
}
