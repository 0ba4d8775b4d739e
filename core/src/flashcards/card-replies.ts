import type { CardRating, Reply, ReplyBlock } from "../reply/reply.ts";
import type { DueCard } from "./card-types.ts";

const RATING_LABELS: Record<CardRating, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

function heading(card: DueCard): ReplyBlock {
  return { type: "text", text: `_${card.deckTitle}_` };
}

function sourceBlock(card: DueCard): ReplyBlock | null {
  const source = card.source;
  if (!source) return null;
  if (source.materialId && source.chunkId)
    return {
      type: "citations",
      citations: [
        {
          n: 1,
          materialId: source.materialId,
          chunkId: source.chunkId,
          title: source.title,
          anchor: source.anchor,
        },
      ],
    };
  // The passage was replaced by a reindex: the title and anchor still say where to look.
  return { type: "text", text: `_Source: ${source.title}${source.anchor ? `, ${source.anchor}` : ""}_` };
}

/** A card's front with [Show answer] and, when it has a hint not yet shown, [Hint]. */
export function cardFrontReply(card: DueCard, options: { hint: boolean }): Reply {
  const blocks: ReplyBlock[] = [heading(card), { type: "text", text: `**${card.front}**` }];
  if (options.hint && card.hint) blocks.push({ type: "text", text: `💡 ${card.hint}` });
  const buttons: Extract<ReplyBlock, { type: "buttons" }>["buttons"] = [
    {
      label: "Show answer",
      action: { kind: "card.show", cardId: card.cardId, reps: card.reps },
      style: "primary",
    },
  ];
  if (card.hint && !options.hint)
    buttons.push({ label: "Hint", action: { kind: "card.hint", cardId: card.cardId, reps: card.reps } });
  blocks.push({ type: "buttons", buttons });
  return { visibility: "private", blocks };
}

/**
 * A card's front and back, its source, and the four ratings, each labelled with the interval it
 * gives ("Good · 4d"), so the person sees what a click means before making it.
 */
export function cardBackReply(card: DueCard, intervals: Record<CardRating, string>): Reply {
  const blocks: ReplyBlock[] = [
    heading(card),
    { type: "text", text: `**${card.front}**` },
    { type: "divider" },
    { type: "text", text: card.back },
  ];
  const source = sourceBlock(card);
  if (source) blocks.push(source);
  blocks.push({
    type: "buttons",
    buttons: ([1, 2, 3, 4] as const).map((rating) => ({
      label: `${RATING_LABELS[rating]} · ${intervals[rating]}`,
      action: { kind: "card.rate" as const, cardId: card.cardId, reps: card.reps, rating },
      ...(rating === 3 ? { style: "primary" as const } : {}),
    })),
  });
  return { visibility: "private", blocks };
}

/**
 * The end of a review session: "All done. N due today." with [Review again] while cards are still due
 * today (a learning step of minutes brings a card back within the day). `courseId` scopes the button
 * ("" or none: every course of the person).
 */
export function reviewDoneReply(
  counts: { dueNow: number; dueToday: number },
  options: { courseId?: string | null } = {},
): Reply {
  const due = Math.max(counts.dueNow, counts.dueToday);
  const blocks: ReplyBlock[] = [{ type: "text", text: `All done. ${due} due today.` }];
  if (due > 0)
    blocks.push({
      type: "buttons",
      buttons: [{ label: "Review again", action: { kind: "card.review", courseId: options.courseId ?? "" } }],
    });
  return { visibility: "private", blocks };
}

/** Said instead of the next card when a rating click did not count (the card was already rated). */
export const ALREADY_REVIEWED_TEXT =
  "Already reviewed: that card was rated in another window, so this click did not count.";
