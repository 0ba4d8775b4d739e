import { sentences, terms, words } from "../../text/terms.ts";
import { definitionIn } from "./definition-sentence.ts";
import { keySentences } from "./key-sentences.ts";
import { collectKeyTerms, type KeyTerm, mentions, termPattern } from "./key-terms.ts";
import { pickDistractors, sharesRoot } from "./pick-distractors.ts";
import type { QuestionWriter, RawQuestion, WriteRequest } from "./question-writer.ts";
import { hashText } from "./seeded-random.ts";

/** Recorded as the quiz's model for offline generation. */
export const LOCAL_QUESTION_MODEL = "local";

const BLANK = "____";

type Style = "cloze" | "definition" | "truefalse";

interface Context {
  vocabulary: KeyTerm[];
  all: string[];
  /** Times each term was offered as a wrong choice so far. */
  offered: Map<string, number>;
}

interface Candidate {
  sentence: string;
  passage: number;
}

/**
 * The offline writer: cloze, definition and true/false questions built from the material's own
 * self-contained sentences, with wrong choices drawn from other terms of the passages. It only ever
 * restates what a sentence says (a false statement is a sentence with one term swapped, and says so
 * in its explanation), so it cannot invent facts. The same request always gives the same questions.
 */
export function createLocalQuestionWriter(): QuestionWriter {
  return {
    model: LOCAL_QUESTION_MODEL,
    async write(request) {
      return {
        questions: writeLocalQuestions(request),
        model: LOCAL_QUESTION_MODEL,
        tokensIn: 0,
        tokensOut: 0,
      };
    },
  };
}

/** The questions of {@link createLocalQuestionWriter}, synchronously. */
export function writeLocalQuestions(request: WriteRequest): RawQuestion[] {
  const context: Context = {
    vocabulary: collectKeyTerms(request.passages),
    all: request.passages.flatMap((p) => sentences(p.text)),
    offered: new Map(),
  };
  const used = new Set<string>();
  const questions: RawQuestion[] = [];
  for (const candidate of candidates(request)) {
    if (questions.length >= request.count) break;
    const question = questionFrom(candidate, questions.length, used, context);
    if (question) questions.push(question);
  }
  return questions;
}

/** Key sentences taken in turn from each passage, so questions spread over them; repeats skipped. */
function candidates(request: WriteRequest): Candidate[] {
  const seen = new Set<string>();
  const lists = request.passages.map((p, i) =>
    keySentences(p.text).map((sentence) => ({ sentence, passage: i + 1 })),
  );
  const out: Candidate[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let at = 0; at < longest; at++) {
    for (const list of lists) {
      const candidate = list[at];
      if (!candidate || seen.has(candidate.sentence.toLowerCase())) continue;
      seen.add(candidate.sentence.toLowerCase());
      out.push(candidate);
    }
  }
  return out;
}

function questionFrom(
  candidate: Candidate,
  position: number,
  used: Set<string>,
  context: Context,
): RawQuestion | null {
  const { sentence } = candidate;
  const answers = context.vocabulary
    .filter((t) => mentions(sentence, t) && t.text.length <= sentence.length / 2 && !inCompound(sentence, t))
    .sort(
      (a, b) =>
        rank(a, used) - rank(b, used) ||
        sentence.search(termPattern(a.key)) - sentence.search(termPattern(b.key)),
    )
    .slice(0, 3);
  for (const answer of answers) {
    for (const style of styles(position, definedTerm(sentence) === answer.key)) {
      const question = build(style, answer, candidate, context);
      if (question) {
        used.add(answer.key);
        return question;
      }
    }
  }
  return null;
}

/** Prefer terms not yet asked about, named by the material, specific (rarely mentioned) and longer. */
function rank(term: KeyTerm, used: Set<string>): number {
  return (used.has(term.key) ? 100 : 0) + (term.strong ? 0 : 10) + term.mentions - term.words * 0.5;
}

/** A mix: every third question true/false, definitions where the sentence defines its term. */
function styles(position: number, defines: boolean): Style[] {
  if (position % 3 === 1) return ["truefalse", "cloze", "definition"];
  return defines ? ["definition", "cloze", "truefalse"] : ["cloze", "truefalse"];
}

function build(style: Style, answer: KeyTerm, candidate: Candidate, context: Context): RawQuestion | null {
  if (style === "cloze") return cloze(answer, candidate, context);
  if (style === "definition") return definition(answer, candidate, context);
  return trueFalse(answer, candidate, context);
}

function cloze(answer: KeyTerm, { sentence, passage }: Candidate, context: Context): RawQuestion | null {
  // "a ____" would hint at a consonant; "a(n) ____" hints at nothing.
  const prompt = sentence
    .replace(termPattern(answer.key), BLANK)
    .replace(/\b(a|an) (?=____)/gi, (_m, article: string) => (article[0] === "A" ? "A(n) " : "a(n) "));
  if (givesAway(prompt, answer)) return null;
  const wrong = wrongChoices(answer, sentence, context, 3);
  if (wrong.length < 2) return null;
  offer(wrong, context);
  const atStart = prompt.startsWith(BLANK);
  return {
    kind: "SINGLE_CHOICE",
    prompt,
    choices: [answer, ...wrong].map((t) => (atStart ? capitalise(t.text) : t.text)),
    correct: [0],
    explanation: `The material says: "${sentence}"`,
    difficulty: "MEDIUM",
    passage,
  };
}

function definition(answer: KeyTerm, { sentence, passage }: Candidate, context: Context): RawQuestion | null {
  const description = definitionIn(sentence)?.description;
  if (!description || definedTerm(sentence) !== answer.key || givesAway(description, answer)) return null;
  const wrong = wrongChoices(answer, description, context, 3);
  if (wrong.length < 2) return null;
  offer(wrong, context);
  return {
    kind: "SINGLE_CHOICE",
    prompt: `Which term is described as "${description}"?`,
    choices: [answer, ...wrong].map((t) => capitalise(t.text)),
    correct: [0],
    explanation: `The material says: "${sentence}"`,
    difficulty: "EASY",
    passage,
  };
}

/**
 * True or false as the sentence's hash decides; a false one swaps the term for another of the same
 * shape and number, so the statement still reads as a sentence. With no such term it stays true.
 */
function trueFalse(answer: KeyTerm, { sentence, passage }: Candidate, context: Context): RawQuestion | null {
  const swap =
    hashText(sentence) % 2 === 1
      ? wrongChoices(answer, sentence, context, 5)
          .filter((t) => t.shape === answer.shape && t.plural === answer.plural)
          .sort((a, b) => Math.abs(a.words - answer.words) - Math.abs(b.words - answer.words))[0]
      : undefined;
  if (swap) offer([swap], context);
  const statement = swap
    ? withArticle(
        sentence.replace(termPattern(answer.key), (_match, offset: number) =>
          offset === 0 ? capitalise(swap.text) : swap.text,
        ),
        swap.text,
      )
    : sentence;
  return {
    kind: "TRUE_FALSE",
    prompt: `True or false: ${statement}`,
    choices: ["True", "False"],
    correct: [swap ? 1 : 0],
    explanation: swap ? `False. The material says: "${sentence}"` : `True. The material says: "${sentence}"`,
    difficulty: "EASY",
    passage,
  };
}

function wrongChoices(answer: KeyTerm, statement: string, context: Context, howMany: number): KeyTerm[] {
  return pickDistractors(answer, statement, context.vocabulary, context.all, howMany, context.offered);
}

function offer(terms: KeyTerm[], context: Context): void {
  for (const term of terms) context.offered.set(term.key, (context.offered.get(term.key) ?? 0) + 1);
}

/**
 * True when a repeated word the material never names as a term ends a compound in `sentence`
 * ("Channel proteins", "cell membrane"): blanking or swapping it alone would garble the phrase.
 */
function inCompound(sentence: string, term: KeyTerm): boolean {
  if (term.strong) return false;
  for (const match of sentence.matchAll(termPattern(term.key))) {
    const before = sentence.slice(0, match.index).match(/([\p{L}-]+)\s$/u)?.[1];
    if (before && terms(before).length > 0) return true;
  }
  return false;
}

/** The lower-case subject a sentence defines ("Mitochondria are the organelles..." gives "mitochondria"). */
function definedTerm(sentence: string): string | undefined {
  return definitionIn(sentence)?.subject.toLowerCase();
}

/**
 * True when `text` still shows the answer, or a variant of it ("mitochondrion" for "mitochondria").
 * Short words of a longer term ("cell" of "cell membrane") give nothing away on their own.
 */
function givesAway(text: string, answer: KeyTerm): boolean {
  const answerWords = answer.key.split(" ");
  const telling = answerWords.length === 1 ? answerWords : answerWords.filter((a) => a.length >= 5);
  return words(text).some((w) => telling.some((a) => sharesRoot(w, a)));
}

/** "a atom" becomes "an atom" (and "an bond" "a bond") in front of `term`. */
function withArticle(text: string, term: string): string {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const article = /^[aeiou]/i.test(term) ? "an" : "a";
  return text.replace(new RegExp(String.raw`\b(a|an) (?=${escaped}\b)`, "gi"), (found: string) =>
    found[0] === "A" ? `${capitalise(article)} ` : `${article} `,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
