import { definitionIn } from "../quiz/generate/definition-sentence.ts";
import { keySentences } from "../quiz/generate/key-sentences.ts";
import { collectKeyTerms, termPattern } from "../quiz/generate/key-terms.ts";
import { sentences, terms } from "../text/terms.ts";
import type { SectionWriter } from "./section-writer.ts";
import type { GuideQuestion, GuideStatement, GuideTerm, PassageGroup } from "./study-guide-types.ts";

const SUMMARY_SENTENCES = 3;
const MAX_TERMS = 6;
const MAX_QUESTIONS = 3;

interface Sourced {
  sentence: string;
  n: number;
}

/**
 * The offline guide: nothing is written, everything is taken. The summary is the section's most
 * central self-contained sentences (those sharing most terms with the rest), key terms are the
 * subjects of definition sentences with the sentence as their definition, and the practice questions
 * ask for a defined term or fill a key term's blank in a summary sentence. Every line is a sentence of
 * the materials with its passage.
 */
export function createExtractiveSectionWriter(): SectionWriter {
  return {
    method: "EXTRACTIVE",
    model: null,
    async write(group: PassageGroup) {
      const all: Sourced[] = group.passages.flatMap((p) =>
        sentences(p.text).map((sentence) => ({ sentence, n: p.n })),
      );
      const definitions = all.flatMap(({ sentence, n }) => {
        const found = definitionIn(sentence);
        return found && found.subject.split(/\s+/).length <= 4 ? [{ ...found, sentence, n }] : [];
      });
      const termList: GuideTerm[] = uniqueBy(definitions, (d) => d.subject.toLowerCase())
        .slice(0, MAX_TERMS)
        .map((d) => ({ term: d.subject, definition: d.sentence, cites: [d.n] }));
      const summary = centralSentences(group);
      const questions = [
        ...definitions.map(
          (d): GuideQuestion => ({
            question: `What is meant by "${d.subject}"?`,
            answer: d.sentence,
            cites: [d.n],
          }),
        ),
        ...blanks(group, summary),
      ];
      const section = {
        heading: group.heading,
        material: group.material,
        summary,
        terms: termList,
        questions: uniqueBy(questions, (q) => q.answer).slice(0, MAX_QUESTIONS),
      };
      return { section, tokensIn: 0, tokensOut: 0 };
    },
  };
}

/** The self-contained sentences that share most terms with the rest of the section, in reading order. */
function centralSentences(group: PassageGroup): GuideStatement[] {
  const candidates: Sourced[] = group.passages.flatMap((p) =>
    keySentences(p.text).map((sentence) => ({ sentence, n: p.n })),
  );
  const pool = candidates.length > 0 ? candidates : group.passages.flatMap((p) => firstSentence(p.text, p.n));
  const counts = new Map<string, number>();
  for (const { sentence } of pool)
    for (const term of new Set(terms(sentence))) counts.set(term, (counts.get(term) ?? 0) + 1);
  const scored = pool.map((item, at) => {
    const own = [...new Set(terms(item.sentence))];
    const shared = own.reduce((sum, term) => sum + (counts.get(term) ?? 1) - 1, 0);
    return { item, at, score: own.length > 0 ? shared / Math.sqrt(own.length) : 0 };
  });
  return scored
    .sort((a, b) => b.score - a.score || a.at - b.at)
    .slice(0, SUMMARY_SENTENCES)
    .sort((a, b) => a.at - b.at)
    .map(({ item }) => ({ text: item.sentence, cites: [item.n] }));
}

/** A passage with no clean sentence still gives its first one, so no section is empty. */
function firstSentence(text: string, n: number): Sourced[] {
  const first = sentences(text).find((s) => s.length >= 20 && s.length <= 300);
  return first ? [{ sentence: first, n }] : [];
}

/** "Fill in the blank: ____ are the organelles where..." from summary sentences naming a key term. */
function blanks(group: PassageGroup, summary: GuideStatement[]): GuideQuestion[] {
  const keyTerms = collectKeyTerms(
    group.passages.map((p) => ({ id: p.chunkId, text: p.text, title: p.title, anchor: p.anchor })),
  ).filter((t) => t.strong && t.shape !== "acronym");
  return summary.flatMap((statement) => {
    const term = keyTerms.find((t) => termPattern(t.key).test(statement.text));
    if (!term) return [];
    const blanked = statement.text.replace(termPattern(term.key), "____");
    return [{ question: `Fill in the blank: ${blanked}`, answer: term.text, cites: statement.cites }];
  });
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
