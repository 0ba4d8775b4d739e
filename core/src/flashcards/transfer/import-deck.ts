import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import { requireOpenCourseById } from "../../courses/require-open-course.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { addCards } from "../add-cards.ts";
import type { DeckSummary } from "../card-types.ts";
import { findDeck, MAX_DECK_TITLE_CHARS } from "../decks.ts";
import { courseMember, deckNotFound, staffOnly } from "../flashcard-access.ts";
import { type CardTextParse, parseCardText } from "./parse-card-text.ts";

/** The most cards one import makes (a generous Anki deck); more is refused, not cut. */
export const MAX_IMPORT_CARDS = 5000;
/** How many bad lines a refusal names; the rest are counted. */
const LINES_NAMED = 10;

const importDeckInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  title: z.string(),
  text: z.string(),
  kind: z.enum(["COURSE", "PERSONAL"]).default("PERSONAL"),
});

function refusal(message: string, details?: Record<string, unknown>): AppError {
  return new AppError(ErrorCode.InvalidInput, "deck import refused", { userMessage: message, details });
}

/** The refusal of an import with malformed lines: each named (first ten) and how many more. */
function malformedRefusal(errors: CardTextParse["errors"]): AppError {
  const named = errors.slice(0, LINES_NAMED).map((e) => `Line ${e.line}: ${e.message}.`);
  const more = errors.length > LINES_NAMED ? [`…and ${errors.length - LINES_NAMED} more.`] : [];
  return refusal(
    [
      `Nothing was imported: ${errors.length === 1 ? "one line is" : `${errors.length} lines are`} not a card.`,
      ...named,
      ...more,
      "Each line is a front and a back split by a tab (or a comma), with an optional hint after them.",
    ].join("\n"),
    { badLines: errors.length },
  );
}

function deckTitle(raw: string): string {
  const title = raw.trim();
  if (!title) throw refusal("Give the deck a title.");
  if (title.length > MAX_DECK_TITLE_CHARS)
    throw refusal(`Deck titles are at most ${MAX_DECK_TITLE_CHARS} characters.`);
  return title;
}

/**
 * Imports an Anki or Quizlet text export ({@link parseCardText}) as a new deck: a personal deck of the
 * person's, or a course deck (staff only, approved at once as one they wrote). The whole import is
 * refused, and nothing is created, when the text has no cards or any line is malformed.
 */
export async function importDeck(
  db: Prisma,
  input: z.input<typeof importDeckInput>,
): Promise<{ deck: DeckSummary; imported: number }> {
  const { actor, courseId, text, kind } = parseUseCaseInput(importDeckInput, input, {
    courseId: deckNotFound,
  });
  const member = await courseMember(db, actor, courseId);
  if (kind === "COURSE" && member.role !== "STAFF") throw staffOnly("import a course deck");
  await requireOpenCourseById(db, courseId);
  const title = deckTitle(input.title);
  const parsed = parseCardText(text);
  if (parsed.errors.length > 0) throw malformedRefusal(parsed.errors);
  if (parsed.cards.length === 0)
    throw refusal("That file has no cards: each line should be a front and a back split by a tab.");
  if (parsed.cards.length > MAX_IMPORT_CARDS)
    throw refusal(
      `One import makes at most ${MAX_IMPORT_CARDS.toLocaleString("en-US")} cards; this file has ${parsed.cards.length.toLocaleString("en-US")}. Split it into smaller files.`,
    );
  const { deckId, imported } = await db.$transaction(async (tx) => {
    const deck = await tx.deck.create({
      data: {
        courseId,
        kind,
        title,
        ownerId: kind === "PERSONAL" ? member.userId : null,
        status: "APPROVED",
        origin: "IMPORTED",
        createdById: member.userId,
        approvedById: kind === "COURSE" ? member.userId : null,
        approvedAt: null,
      },
      select: { id: true },
    });
    const count = await addCards(tx, { deckId: deck.id, courseId, cards: parsed.cards });
    if (kind === "COURSE")
      await recordAudit(tx, {
        action: "deck.imported",
        courseId,
        actorId: member.userId,
        actorPlatform: member.platform,
        targetType: "deck",
        targetId: deck.id,
        details: { title: title.slice(0, 200), cards: count },
      });
    return { deckId: deck.id, imported: count };
  });
  return { deck: await findDeck(db, { actor, courseId, deck: deckId }), imported };
}
