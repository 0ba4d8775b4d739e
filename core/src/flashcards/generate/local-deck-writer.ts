// Offline flashcards, extracted from the materials' own sentences: a sentence that defines a term
// becomes "term -> definition"; a key sentence naming one of the course's strong terms becomes a
// fill-in-the-blank card. Nothing is invented, so nothing can be wrong beyond the material itself.
import { definitionIn } from "../../quiz/generate/definition-sentence.ts";
import { keySentences } from "../../quiz/generate/key-sentences.ts";
import { collectKeyTerms, termPattern } from "../../quiz/generate/key-terms.ts";
import type { DeckWriteRequest, DeckWriter, WrittenCard, WrittenDeck } from "./deck-writer.ts";

export const LOCAL_DECK_MODEL = "local";

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function definitionCards(request: DeckWriteRequest): WrittenCard[] {
  return request.passages.flatMap((passage, i) =>
    keySentences(passage.text).flatMap((sentence) => {
      const definition = definitionIn(sentence);
      if (!definition) return [];
      return [
        {
          front: capitalise(definition.subject),
          back: `${capitalise(definition.description)}.`,
          hint: null,
          passage: i + 1,
        },
      ];
    }),
  );
}

function blankCards(request: DeckWriteRequest): WrittenCard[] {
  const terms = collectKeyTerms(request.passages).filter((t) => t.strong);
  return request.passages.flatMap((passage, i) =>
    keySentences(passage.text).flatMap((sentence) => {
      const term = terms.find((t) => termPattern(t.key).test(sentence));
      if (!term) return [];
      const blanked = sentence.replace(termPattern(term.key), "_____");
      if (blanked === sentence) return [];
      const hint = `${term.words} word${term.words === 1 ? "" : "s"}, starts with "${term.text.charAt(0)}"`;
      return [{ front: `Fill in the blank: ${blanked}`, back: term.text, hint, passage: i + 1 }];
    }),
  );
}

/** The offline writer: definitions first, then fill-in-the-blank cards, in passage order. */
export function createLocalDeckWriter(): DeckWriter {
  return {
    model: LOCAL_DECK_MODEL,
    offline: true,
    async write(request: DeckWriteRequest): Promise<WrittenDeck> {
      const cards = [...definitionCards(request), ...blankCards(request)];
      return { cards, model: LOCAL_DECK_MODEL, tokensIn: 0, tokensOut: 0 };
    },
  };
}
