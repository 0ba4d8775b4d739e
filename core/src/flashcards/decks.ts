import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import type { DeckSummary } from "./card-types.ts";
import { type CourseMember, courseMember, deckNotFound, staffOnly, type Tx } from "./flashcard-access.ts";

const courseInput = z.object({ actor: actorSchema, courseId: z.uuid() });
const notFound = { courseId: deckNotFound };

/** The longest deck title: a chat list line and an Anki deck name show it whole. */
export const MAX_DECK_TITLE_CHARS = 120;

const deckTitleSchema = z
  .string()
  .trim()
  .min(1, "Give the deck a title.")
  .max(MAX_DECK_TITLE_CHARS, `Deck titles are at most ${MAX_DECK_TITLE_CHARS} characters.`);

/** Title of the deck "Save as card" and missed questions go to. */
export const SAVED_DECK_TITLE = "Saved cards";

/**
 * Which decks a member sees: the course's approved decks (and drafts, for staff) and their own personal
 * decks. Another student's personal deck and archived decks are never listed.
 */
export function visibleDecksWhere(member: CourseMember) {
  const courseStatuses: Array<"APPROVED" | "DRAFT"> =
    member.role === "STAFF" ? ["APPROVED", "DRAFT"] : ["APPROVED"];
  return {
    courseId: member.courseId,
    OR: [
      { kind: "COURSE" as const, status: { in: courseStatuses } },
      { kind: "PERSONAL" as const, ownerId: member.userId, status: { not: "ARCHIVED" as const } },
    ],
  };
}

type DeckRow = {
  id: string;
  courseId: string;
  kind: DeckSummary["kind"];
  title: string;
  topic: string | null;
  status: DeckSummary["status"];
  origin: DeckSummary["origin"];
  ownerId: string | null;
  _count: { cards: number };
};

function toSummary(deck: DeckRow, userId: string): DeckSummary {
  return {
    id: deck.id,
    courseId: deck.courseId,
    kind: deck.kind,
    title: deck.title,
    topic: deck.topic,
    status: deck.status,
    origin: deck.origin,
    cardCount: deck._count.cards,
    mine: deck.ownerId === userId,
  };
}

async function memberDecks(db: Prisma, member: CourseMember): Promise<DeckSummary[]> {
  const decks = await db.deck.findMany({
    where: visibleDecksWhere(member),
    // Course decks first, then the person's own, each oldest first: the numbers people type stay put.
    orderBy: [{ kind: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { _count: { select: { cards: true } } },
  });
  return decks.map((d) => toSummary(d, member.userId));
}

/** The decks a member may study in the course, numbered in this order for `findDeck`. */
export async function listDecks(db: Prisma, input: z.input<typeof courseInput>): Promise<DeckSummary[]> {
  const { actor, courseId } = parseUseCaseInput(courseInput, input, notFound);
  return memberDecks(db, await courseMember(db, actor, courseId));
}

const findInput = courseInput.extend({ deck: z.string().trim().min(1) });

/**
 * One visible deck by id, by the 1-based number {@link listDecks} shows, or by title
 * (case-insensitive). Anything else, including another course's deck or another student's, is not found.
 */
export async function findDeck(db: Prisma, input: z.input<typeof findInput>): Promise<DeckSummary> {
  const { actor, courseId, deck } = parseUseCaseInput(findInput, input, notFound);
  const member = await courseMember(db, actor, courseId);
  const decks = await memberDecks(db, member);
  const byId = decks.find((d) => d.id === deck.toLowerCase());
  if (byId) return byId;
  if (/^\d+$/.test(deck)) {
    const numbered = decks[Number(deck) - 1];
    if (numbered) return numbered;
  }
  const byTitle = decks.find((d) => d.title.toLowerCase() === deck.toLowerCase());
  if (byTitle) return byTitle;
  throw deckNotFound();
}

const createInput = courseInput.extend({
  title: z.string(),
  kind: z.enum(["COURSE", "PERSONAL"]),
  topic: z.string().trim().max(200).optional(),
});

/** A new empty deck. A course deck is staff's (approved at once: they wrote it); a personal deck anyone's. */
export async function createDeck(db: Prisma, input: z.input<typeof createInput>): Promise<DeckSummary> {
  const { actor, courseId, kind, topic } = parseUseCaseInput(createInput, input, notFound);
  const member = await courseMember(db, actor, courseId);
  if (kind === "COURSE" && member.role !== "STAFF") throw staffOnly("make a course deck");
  await requireOpenCourseById(db, courseId);
  const title = parseTitle(input.title);
  const deck = await db.$transaction(async (tx) => {
    const created = await tx.deck.create({
      data: {
        courseId,
        kind,
        title,
        topic: topic || null,
        ownerId: kind === "PERSONAL" ? member.userId : null,
        status: "APPROVED",
        origin: "AUTHORED",
        createdById: member.userId,
        approvedById: kind === "COURSE" ? member.userId : null,
      },
      include: { _count: { select: { cards: true } } },
    });
    if (kind === "COURSE")
      await recordAudit(tx, {
        action: "deck.created",
        courseId,
        actorId: member.userId,
        actorPlatform: member.platform,
        targetType: "deck",
        targetId: created.id,
        details: { title: title.slice(0, 200) },
      });
    return created;
  });
  return toSummary(deck, member.userId);
}

function parseTitle(raw: string): string {
  const parsed = deckTitleSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(ErrorCode.InvalidInput, "invalid deck title", {
      userMessage: parsed.error.issues[0]?.message ?? "Give the deck a title.",
    });
  return parsed.data;
}

/**
 * The person's SAVED deck in the course, created on first use. The partial unique index (one SAVED
 * personal deck per course and owner) settles a race between two first saves: the loser's insert does
 * nothing and it reads the winner's deck.
 */
export async function savedDeckId(tx: Tx, input: { userId: string; courseId: string }): Promise<string> {
  const { userId, courseId } = input;
  const existing = await tx.deck.findFirst({
    where: { courseId, ownerId: userId, kind: "PERSONAL", origin: "SAVED" },
    select: { id: true },
  });
  if (existing) return existing.id;
  await tx.$executeRaw`
    INSERT INTO "Deck" ("id", "courseId", "kind", "ownerId", "title", "status", "origin", "createdById", "updatedAt")
    VALUES (gen_random_uuid(), ${courseId}::uuid, 'PERSONAL', ${userId}::uuid, ${SAVED_DECK_TITLE},
            'APPROVED', 'SAVED', ${userId}::uuid, now())
    ON CONFLICT DO NOTHING`;
  const deck = await tx.deck.findFirst({
    where: { courseId, ownerId: userId, kind: "PERSONAL", origin: "SAVED" },
    select: { id: true },
  });
  if (!deck) throw new AppError(ErrorCode.Internal, "saved deck missing after insert");
  return deck.id;
}
