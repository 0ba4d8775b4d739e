import type { Grade } from "ts-fsrs";
import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { awardXp } from "../progress/award-xp.ts";
import { xpFor } from "../progress/xp-rules.ts";
import type { CardRating } from "../reply/reply.ts";
import { cardNotFound, type Tx } from "./flashcard-access.ts";
import {
  type CardStateRow,
  formatInterval,
  fromFsrsCard,
  schedulerFor,
  toFsrsCard,
} from "./fsrs-card-state.ts";
import { scheduleOptimizationIfDue } from "./optimize-schedule.ts";
import { reviewScope } from "./review-scope.ts";
import { studySettingsOf } from "./study-settings-values.ts";

/** What a rating click did. `counted` is false when the same draw was already rated (another window). */
export interface ReviewOutcome {
  counted: boolean;
  /** The card's next due, when counted. */
  due: Date | null;
  /** "10m", "4d": until the next due, when counted; "" otherwise. */
  interval: string;
}

type StateRow = CardStateRow & { courseId: string };

async function readState(db: Tx, userId: string, cardId: string, courseIds: string[]): Promise<StateRow> {
  const rows = await db.$queryRaw<StateRow[]>`
    SELECT "courseId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps",
           "reps", "lapses", "state", "lastReview"
    FROM "CardState"
    WHERE "userId" = ${userId}::uuid AND "cardId" = ${cardId}::uuid AND "courseId" = ANY(${courseIds}::uuid[])`;
  if (!rows[0]) throw cardNotFound();
  return rows[0];
}

const rateInput = z.object({
  actor: actorSchema,
  cardId: z.uuid(),
  reps: z.number().int().min(0),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  now: z.date(),
});

/**
 * Records one rating of a card the person drew with `reps` reviews. The update is conditional on
 * `reps` still being that number, so the same draw rated twice (a double click, a second window) counts
 * once: the second finds `reps` moved on, writes nothing and returns `counted: false`. A counted review
 * writes the new FSRS state, one ReviewLog row and its XP (once per ReviewLog) in the same
 * transaction, then may schedule the person's parameter optimization.
 */
export async function reviewCard(db: Prisma, input: z.input<typeof rateInput>): Promise<ReviewOutcome> {
  const { actor, cardId, reps, rating, now } = parseUseCaseInput(rateInput, input, { cardId: cardNotFound });
  const scope = await reviewScope(db, actor, null);
  const { userId } = scope;
  const settings = await studySettingsOf(db, userId);
  const before = await readState(db, userId, cardId, scope.courseIds);
  if (before.reps !== reps) return { counted: false, due: null, interval: "" };
  const { card: next, log } = schedulerFor(settings).next(toFsrsCard(before), now, rating as Grade);
  const after = fromFsrsCard(next);
  const counted = await db.$transaction(async (tx) => {
    const updated = await tx.$executeRaw`
      UPDATE "CardState" SET "due" = ${after.due}, "stability" = ${after.stability},
        "difficulty" = ${after.difficulty}, "elapsedDays" = ${after.elapsedDays},
        "scheduledDays" = ${after.scheduledDays}, "learningSteps" = ${after.learningSteps},
        "reps" = ${after.reps}, "lapses" = ${after.lapses}, "state" = ${after.state},
        "lastReview" = ${after.lastReview}
      WHERE "userId" = ${userId}::uuid AND "cardId" = ${cardId}::uuid AND "reps" = ${reps}`;
    if (updated !== 1) return false;
    const review = await tx.reviewLog.create({
      data: {
        userId,
        cardId,
        courseId: before.courseId,
        rating,
        elapsedDays: before.lastReview ? log.elapsed_days : 0,
        scheduledDays: after.scheduledDays,
        stateBefore: before.state,
        stateAfter: after.state,
        stabilityBefore: before.stability,
        stabilityAfter: after.stability,
        difficultyBefore: before.difficulty,
        difficultyAfter: after.difficulty,
        dueBefore: before.due,
        dueAfter: after.due,
        platform: actor.platform,
        reviewedAt: now,
      },
      select: { id: true },
    });
    await awardXp(tx, [
      {
        userId,
        courseId: before.courseId,
        kind: "CARD_REVIEW",
        sourceKey: review.id,
        points: xpFor("CARD_REVIEW", rating > 1),
        occurredAt: now,
      },
    ]);
    await scheduleOptimizationIfDue(tx, { userId, fittedFrom: settings.optimizedFromReviews });
    return true;
  });
  if (!counted) return { counted: false, due: null, interval: "" };
  return { counted: true, due: after.due, interval: formatInterval(now, after.due) };
}

const previewInput = z.object({ actor: actorSchema, cardId: z.uuid(), now: z.date() });

/** ts-fsrs's preview of each rating for this card now, as the buttons show it ("Good · 4d"). */
export async function ratingIntervals(
  db: Prisma,
  input: z.input<typeof previewInput>,
): Promise<Record<CardRating, string>> {
  const { actor, cardId, now } = parseUseCaseInput(previewInput, input, { cardId: cardNotFound });
  const scope = await reviewScope(db, actor, null);
  const settings = await studySettingsOf(db, scope.userId);
  const state = await readState(db, scope.userId, cardId, scope.courseIds);
  const preview = schedulerFor(settings).repeat(toFsrsCard(state), now);
  const label = (grade: Grade) => formatInterval(now, preview[grade].card.due);
  return { 1: label(1), 2: label(2), 3: label(3), 4: label(4) };
}

/** The "already reviewed" sentence a front end shows when `counted` is false. */
export function alreadyReviewedError(): AppError {
  return new AppError(ErrorCode.Conflict, "card already reviewed", {
    userMessage: "Already reviewed: that card was rated in another window, so this click did not count.",
  });
}
