/** A deck as lists and replies show it. `mine`: the person asking owns it (a personal deck). */
export interface DeckSummary {
  id: string;
  courseId: string;
  kind: "COURSE" | "PERSONAL";
  title: string;
  topic: string | null;
  status: "DRAFT" | "APPROVED" | "ARCHIVED";
  origin: "AUTHORED" | "GENERATED" | "IMPORTED" | "SAVED";
  cardCount: number;
  mine: boolean;
}

/**
 * The passage a card cites. Ids may be null: a reindex replaces chunks (and a material may be
 * removed) while the card keeps the title and anchor it was written from.
 */
export interface CardSourceRef {
  title: string;
  anchor: string | null;
  materialId: string | null;
  chunkId: string | null;
}

/**
 * A card drawn for review. `reps` is the person's review count of it when drawn: a rating click
 * carries it back so a second click of the same draw counts once.
 */
export interface DueCard {
  cardId: string;
  courseId: string;
  deckTitle: string;
  front: string;
  back: string;
  hint: string | null;
  source: CardSourceRef | null;
  reps: number;
  state: 0 | 1 | 2 | 3;
}
