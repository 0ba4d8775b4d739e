import type { WriterPassage } from "../../quiz/generate/question-writer.ts";
import { CARD_LIMITS, cardTextProblems, type NewCard } from "../card-limits.ts";

export interface DeckWriteRequest {
  passages: WriterPassage[];
  count: number;
  topic?: string;
}

/** One card as a writer produced it: `passage` is the 1-based number of the passage it came from. */
export interface WrittenCard {
  front: string;
  back: string;
  hint: string | null;
  passage: number;
}

export interface WrittenDeck {
  /** Unchecked: {@link keepWrittenCards} turns them into cards or drops them. */
  cards: unknown[];
  model: string;
  tokensIn: number;
  tokensOut: number;
}

/** Writes flashcards from numbered passages: a chat model online, definitions and key sentences offline. */
export interface DeckWriter {
  readonly model: string;
  /** True for the offline writer, whose cards are extracted from the materials' own sentences. */
  readonly offline: boolean;
  write(request: DeckWriteRequest): Promise<WrittenDeck>;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

/**
 * The usable cards among a writer's output, each with its source passage: an item without both faces,
 * citing no passage, over the card limits or repeating an earlier front is dropped (and counted).
 */
export function keepWrittenCards(
  written: unknown[],
  passages: WriterPassage[],
  count: number,
): { cards: NewCard[]; dropped: number } {
  const cards: NewCard[] = [];
  const fronts = new Set<string>();
  let dropped = 0;
  for (const item of written) {
    if (cards.length >= count) break;
    const raw = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const passage = passages[Number(raw.passage) - 1];
    const hint = text(raw.hint).slice(0, CARD_LIMITS.hint) || null;
    const card: NewCard = { front: text(raw.front), back: text(raw.back), hint };
    const key = card.front.toLowerCase();
    if (!passage || cardTextProblems(card).length > 0 || fronts.has(key)) {
      dropped++;
      continue;
    }
    fronts.add(key);
    cards.push({
      ...card,
      source: { chunkId: passage.id, title: passage.title, anchor: passage.anchor },
    });
  }
  return { cards, dropped };
}
