import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import { requireStaff } from "../../courses/enrollments.ts";
import { findCourse } from "../../courses/find-course.ts";
import { requireOpenCourse } from "../../courses/require-open-course.ts";
import type { StudyHallDeps } from "../../deps.ts";
import { AppError, ErrorCode, isAppError } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { tokensSpentBy } from "../../quiz/generate/log-generation-usage.ts";
import { pickPassages } from "../../quiz/generate/pick-passages.ts";
import type { WriterPassage } from "../../quiz/generate/question-writer.ts";
import { checkCourseTokenBudget } from "../../tutor/tutor-limits.ts";
import { addCards } from "../add-cards.ts";
import type { DeckSummary } from "../card-types.ts";
import { findDeck, MAX_DECK_TITLE_CHARS } from "../decks.ts";
import { deckNotFound } from "../flashcard-access.ts";
import type { DeckWriter } from "./deck-writer.ts";
import { keepWrittenCards } from "./deck-writer.ts";
import { createLlmDeckWriter } from "./llm-deck-writer.ts";
import { createLocalDeckWriter } from "./local-deck-writer.ts";
import { type DeckUsage, logDeckUsage } from "./log-deck-usage.ts";

const generateDeckInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  topic: z.string().trim().min(1).max(200, "Topics are at most 200 characters.").optional(),
  materialIds: z.array(z.uuid()).min(1).max(50).optional(),
  count: z.number().int().min(1, "Ask for at least 1 card.").max(50, "Ask for at most 50 cards.").default(15),
});

/** Cards written per card kept: some are dropped as too long, duplicated or uncited. */
const OVERSHOOT = 1.3;

/** The chat model's writer when one is configured; the offline extractive writer otherwise. */
export function deckWriterFor(deps: Pick<StudyHallDeps, "ai">): DeckWriter {
  return deps.ai.chat ? createLlmDeckWriter(deps.ai.chat) : createLocalDeckWriter();
}

function deckTitle(topic: string | undefined, passages: WriterPassage[]): string {
  if (topic) return `Cards: ${topic}`.slice(0, MAX_DECK_TITLE_CHARS);
  const titles = [...new Set(passages.map((p) => p.title))];
  const shown = titles.slice(0, 2).join(", ");
  const title = titles.length > 2 ? `Cards: ${shown} and ${titles.length - 2} more` : `Cards: ${shown}`;
  return title.slice(0, MAX_DECK_TITLE_CHARS);
}

/** The course budget's refusal, worded for a deck (the shared check words it for a quiz). */
async function checkBudget(deps: StudyHallDeps, subject: { courseId: string; userId: string; now: Date }) {
  try {
    await checkCourseTokenBudget(deps.db, { ...subject, defaults: deps.quiz.generation.limits ?? [] });
  } catch (error) {
    if (isAppError(error) && error.code === ErrorCode.RateLimited)
      throw new AppError(ErrorCode.RateLimited, error.message, {
        userMessage: error.userMessage.replace("no quiz can be generated", "no deck can be generated"),
        details: error.details,
      });
    throw error;
  }
}

/**
 * Writes a course deck from the course's materials (chosen ones, or passages on a topic, or spread
 * over all of them) and keeps it as a DRAFT for staff to approve (students never see a draft). Every
 * card keeps the passage it was written from. Online a chat model writes the cards; offline
 * (`deps.ai.chat` null) they are extracted from the materials' definitions and key sentences, and
 * `offline` says so. Staff only. Tokens count against the course's budget: a spent budget is refused
 * before the model is called, and each call is logged (UsageKind DECK_GENERATION), with the deck or
 * alone when the generation failed.
 */
export async function generateDeck(
  deps: StudyHallDeps,
  input: z.input<typeof generateDeckInput>,
): Promise<{ deck: DeckSummary; cards: number; offline: boolean }> {
  const { actor, courseId, topic, materialIds, count } = parseUseCaseInput(generateDeckInput, input, {
    courseId: deckNotFound,
  });
  const { db } = deps;
  const course = await findCourse(db, courseId);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, course.id, userId);
  requireOpenCourse(course);
  const now = deps.clock();
  const writer = deckWriterFor(deps);
  if (!writer.offline) await checkBudget(deps, { courseId: course.id, userId, now });
  const log = deps.logger.child({ courseId: course.id, userId, platform: actor.platform });
  const started = performance.now();
  const usage = (spent: { model: string; tokensIn: number; tokensOut: number }): DeckUsage => ({
    courseId: course.id,
    userId,
    platform: actor.platform,
    topic: topic ?? "",
    ...spent,
    latencyMs: Math.round(performance.now() - started),
  });

  const passages = await pickPassages(db, deps.ai.embedder, {
    courseId: course.id,
    topic,
    materialIds,
    howMany: Math.min(12, Math.max(4, Math.ceil(count / 2))),
    minSimilarity: deps.ai.defaultMinSimilarity,
  });
  const written = await writer
    .write({ passages, count: Math.ceil(count * OVERSHOOT), ...(topic ? { topic } : {}) })
    .catch(async (error: unknown) => {
      await logDeckUsage(db, {
        ...usage({ model: writer.model, ...tokensSpentBy(error) }),
        failure: "ai_error",
      });
      throw error;
    });
  const { cards, dropped } = keepWrittenCards(written.cards, passages, count);
  if (cards.length === 0) {
    await logDeckUsage(db, { ...usage(written), failure: "no_valid_card" });
    throw new AppError(ErrorCode.AiUnavailable, "no usable generated card", {
      userMessage: writer.offline
        ? "No flashcards could be extracted from these materials: offline, cards come from sentences that define a term or name a key term. Choose other materials or another topic, or write the cards yourself."
        : "No usable flashcards could be written from these materials this time. Try again, choose other materials, or change the topic.",
      details: { model: written.model, written: written.cards.length, dropped },
    });
  }
  const title = deckTitle(topic, passages);
  const spent = usage(written);
  const materialOf = new Map(
    (
      await db.materialChunk.findMany({
        where: { courseId: course.id, id: { in: passages.map((p) => p.id) } },
        select: { id: true, materialId: true },
      })
    ).map((c) => [c.id, c.materialId]),
  );
  const sourced = cards.map((card) => {
    const materialId = card.source?.chunkId ? materialOf.get(card.source.chunkId) : undefined;
    return materialId ? { ...card, source: { ...card.source, materialId } } : card;
  });
  const deckId = await db.$transaction(async (tx) => {
    const deck = await tx.deck.create({
      data: {
        courseId: course.id,
        kind: "COURSE",
        title,
        topic: topic ?? null,
        status: "DRAFT",
        origin: "GENERATED",
        model: written.model,
        createdById: userId,
      },
      select: { id: true },
    });
    await addCards(tx, { deckId: deck.id, courseId: course.id, cards: sourced });
    await logDeckUsage(tx, spent);
    await recordAudit(tx, {
      action: "deck.generated",
      courseId: course.id,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "deck",
      targetId: deck.id,
      details: { title: title.slice(0, 200), cards: cards.length, model: written.model.slice(0, 100) },
    });
    return deck.id;
  });
  log.info(
    {
      deckId,
      model: written.model,
      passages: passages.length,
      kept: cards.length,
      dropped,
      requested: count,
    },
    "deck generated",
  );
  const deck = await findDeck(db, { actor, courseId: course.id, deck: deckId });
  return { deck, cards: cards.length, offline: writer.offline };
}
