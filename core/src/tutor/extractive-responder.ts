import type { LearnerPreferences } from "../people/learner-preferences.ts";
import { sentences, terms } from "../text/terms.ts";
import { looksLikeInstruction } from "./looks-like-instruction.ts";
import type { TutorResponder, TutorSource, TutorTurn } from "./tutor-responder.ts";

/** Model name recorded in usage logs for offline answers. */
export const EXTRACTIVE_MODEL = "local-extractive-v1";

const SENTENCES_BY_DETAIL: Record<LearnerPreferences["detailLevel"], number> = {
  BRIEF: 2,
  STANDARD: 3,
  DETAILED: 5,
};

interface Candidate {
  source: TutorSource;
  sentence: string;
  score: number;
  matched: string[];
}

/**
 * The offline responder: quotes the sentences of the retrieved passages that best match the
 * question, each with its citation. It cannot explain beyond the materials, so it never invents;
 * hint and Socratic policies get pointers and questions instead of the quoted answer.
 */
export function createExtractiveResponder(): TutorResponder {
  return {
    model: EXTRACTIVE_MODEL,
    async respond(turn) {
      const text = compose(turn);
      turn.onDelta?.(text);
      return { text, tokensIn: 0, tokensOut: 0 };
    },
  };
}

function compose(turn: TutorTurn): string {
  const wanted = new Set(terms(turn.question));
  const best = rankSentences(turn.sources, wanted).slice(
    0,
    SENTENCES_BY_DETAIL[turn.preferences.detailLevel],
  );
  if (best.length === 0) {
    return "The course materials I found do not answer that directly. Try rephrasing, or ask your teacher.";
  }
  if (turn.policy === "HINTS") return hints(best, wanted);
  if (turn.policy === "SOCRATIC") return socratic(best, turn.question);
  return [
    "Here is what the course materials say:",
    "",
    ...best.map((c) => `- ${c.sentence} [${c.source.n}]`),
  ].join("\n");
}

function rankSentences(sources: TutorSource[], wanted: Set<string>): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const source of sources) {
    for (const sentence of sentences(source.text)) {
      const normal = sentence.toLowerCase();
      if (sentence.length < 20 || seen.has(normal) || looksLikeInstruction(sentence)) continue;
      seen.add(normal);
      const own = new Set(terms(sentence));
      const matched = [...wanted].filter((t) => own.has(t));
      if (matched.length === 0) continue;
      // Matched question terms dominate; density breaks ties; earlier (better-ranked) sources win draws.
      const score = matched.length + matched.length / Math.sqrt(own.size) - source.n * 0.01;
      candidates.push({ source, sentence: trimSentence(sentence), score, matched });
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

function hints(best: Candidate[], wanted: Set<string>): string {
  const lines = best.map((c) => {
    const where = c.source.anchor ? `${c.source.title}, ${c.source.anchor}` : c.source.title;
    const clues = [...new Set(terms(c.sentence))].filter((t) => !wanted.has(t)).slice(0, 3);
    const about = clues.length > 0 ? ` Look for what it says about ${clues.join(", ")}.` : "";
    return `- Re-read **${where}** [${c.source.n}].${about}`;
  });
  return [
    "Here are some hints from the course materials (your course asks for hints, not answers):",
    "",
    ...lines,
  ].join("\n");
}

function socratic(best: Candidate[], question: string): string {
  const first = best[0]!;
  const where = first.source.anchor ? `${first.source.title}, ${first.source.anchor}` : first.source.title;
  return [
    `Let's reason it out together. Before I point you further: what do you already know about ${first.matched.join(" and ")}?`,
    "",
    `Then read **${where}** [${first.source.n}] and ask yourself: how does it answer "${question.trim()}"?`,
  ].join("\n");
}

function trimSentence(sentence: string): string {
  return sentence.length <= 400 ? sentence : `${sentence.slice(0, 397).trimEnd()}…`;
}
