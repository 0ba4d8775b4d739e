/**
 * The limits of one card's text, decided once for every front end. A face must fit one chat message
 * (a Discord message is 2,000 characters, a Slack section 3,000) with room for the deck's title and the
 * rating buttons, so 1,500; a hint is shown under the front, so 300. Tags stay short and few so a
 * card's footer stays one line.
 */
export const CARD_LIMITS = { face: 1500, hint: 300, tags: 10, tag: 40 } as const;

/** Where a card came from: a passage of the materials, or a quiz question. */
export interface NewCardSource {
  chunkId?: string;
  materialId?: string;
  title?: string;
  anchor?: string | null;
  questionId?: string;
}

/** One card as it is written (by hand, from an import, a generator, or a saved answer or question). */
export interface NewCard {
  front: string;
  back: string;
  hint?: string | null;
  tags?: string[];
  source?: NewCardSource;
}

const count = (n: number) => n.toLocaleString("en-US");

function overLimit(what: string, limit: number, length: number, advice: string): string {
  return `A card's ${what} can be at most ${count(limit)} characters (a chat message's limit); this one has ${count(length)}. ${advice}`;
}

/**
 * Problems with one card's text (an empty face, a face, hint or tag over its limit), each a sentence
 * naming the limit that a person can act on; `[]` when the card is fine.
 */
export function cardTextProblems(card: NewCard): string[] {
  const problems: string[] = [];
  const front = card.front.trim();
  const back = card.back.trim();
  if (!front) problems.push("A card needs a front (the question or term).");
  if (!back) problems.push("A card needs a back (the answer).");
  if (front.length > CARD_LIMITS.face)
    problems.push(
      overLimit("front", CARD_LIMITS.face, front.length, "Shorten it or split it into two cards."),
    );
  if (back.length > CARD_LIMITS.face)
    problems.push(overLimit("back", CARD_LIMITS.face, back.length, "Split it into two cards."));
  const hint = card.hint?.trim() ?? "";
  if (hint.length > CARD_LIMITS.hint)
    problems.push(
      `A card's hint can be at most ${count(CARD_LIMITS.hint)} characters; this one has ${count(hint.length)}. Shorten it.`,
    );
  const tags = card.tags ?? [];
  if (tags.length > CARD_LIMITS.tags)
    problems.push(`A card can have at most ${CARD_LIMITS.tags} tags; this one has ${tags.length}.`);
  const longTag = tags.find((t) => t.trim().length > CARD_LIMITS.tag);
  if (longTag !== undefined)
    problems.push(
      `A tag can be at most ${CARD_LIMITS.tag} characters; "${longTag.slice(0, 20)}…" is longer.`,
    );
  return problems;
}
