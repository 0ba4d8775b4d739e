import { sentences, stem, terms } from "../../text/terms.ts";
import { definitionIn } from "./definition-sentence.ts";
import type { WriterPassage } from "./question-writer.ts";

/** A term of the course that a question may ask for or offer as a wrong choice. */
export interface KeyTerm {
  /** As shown in a choice: acronyms and names as written, other terms lower-case. */
  text: string;
  /** Lower-case, for matching. */
  key: string;
  /** Stems of its words, to keep a term and its own variants apart. */
  stems: string[];
  /** Named by the material itself (a heading, a definition, "called X", an acronym, a name). */
  strong: boolean;
  shape: "acronym" | "name" | "words";
  words: number;
  plural: boolean;
  /** Sentences of the passages that mention it; fewer means more specific. */
  mentions: number;
}

/** Letters of a term word; hyphens and en dashes join compounds ("light-dependent", "sodium–potassium"). */
const WORD = String.raw`[\p{L}][\p{L}\-\u2013]*`;
const UP_TO_FOUR = `(${WORD}(?: ${WORD}){0,3})`;

/** Common words that are frequent in any text but are not terms worth asking about. */
const COMMON = new Set(
  "every each one two three four five inside outside within without between different important another because through around across toward towards usually often always never several various called known example instead rather however therefore although whereas become becomes became either neither number amount people person thing process result results system systems part parts form forms type types kind kinds small large larger smaller first second third little great northern southern eastern western upper lower".split(
    " ",
  ),
);

const DEFINITION = new RegExp(
  `^(?:the |an? )?${UP_TO_FOUR} (?:is|are|was|were|refers to|means) (?:an?|the|one) `,
  "iu",
);
const NAMED = new RegExp(
  String.raw`\b(?:called|known as|termed|named|such as) (?:the |an? )?${UP_TO_FOUR}`,
  "giu",
);
const APPOSITIVE = new RegExp(`, (?:the|an?) (${WORD}(?: ${WORD}){0,2}),`, "gu");
const ACRONYM = /\b\p{Lu}[\p{Lu}\d]{1,5}\b/gu;
/** A capitalised word inside a sentence, with a following generic noun when there is one. */
const NAME =
  /(?<=[\p{Ll}\d,;:] )(\p{Lu}\p{Ll}{2,}(?: (?:cycle|theory|law|effect|principle|equation|model|rule|reaction|constant|series|method))?)/gu;

/**
 * The course's vocabulary as seen in `passages`: terms the material names itself (headings,
 * definitions, "called X", appositives, acronyms, names) and content words or word pairs it repeats.
 * Deterministic: the same passages give the same terms in the same order.
 */
export function collectKeyTerms(passages: readonly WriterPassage[]): KeyTerm[] {
  const all = passages.flatMap((p) => sentences(p.text));
  const found = new Map<string, { text: string; strong: boolean }>();
  const add = (raw: string, strong: boolean) => {
    const text = raw.trim();
    const key = text.toLowerCase();
    if (!isTermLike(text)) return;
    const seen = found.get(key);
    if (!seen) found.set(key, { text, strong });
    else seen.strong ||= strong;
  };

  for (const passage of passages) for (const heading of headingTerms(passage)) add(heading, true);
  for (const sentence of all) {
    // Only a sentence that really defines its subject names a term ("The weak point is the northern
    // ridge outcrop, where..." names a place on a field trip).
    const subject = definitionIn(sentence) && DEFINITION.exec(sentence)?.[1];
    if (subject) add(leadingTerm(subject, false) ?? "", true);
    for (const match of sentence.matchAll(NAMED)) add(leadingTerm(match[1]!, true) ?? "", true);
    for (const match of sentence.matchAll(APPOSITIVE)) add(match[1]!, true);
    for (const match of sentence.matchAll(ACRONYM)) add(match[0], true);
    for (const match of sentence.matchAll(NAME)) add(match[1]!, true);
  }
  for (const repeated of repeatedTerms(all)) add(repeated, false);

  return distinctStems(
    [...found.values()].map(({ text, strong }) => toKeyTerm(text, strong, all)).filter((t) => t.mentions > 0),
  );
}

/** One term per stem list ("membrane" and "membranes"): the named one, else the more used one. */
function distinctStems(list: KeyTerm[]): KeyTerm[] {
  const byStems = new Map<string, KeyTerm>();
  for (const term of list) {
    const key = term.stems.join(" ");
    const seen = byStems.get(key);
    if (
      !seen ||
      (term.strong && !seen.strong) ||
      (term.strong === seen.strong && term.mentions > seen.mentions)
    )
      byStems.set(key, term);
  }
  return list.filter((term) => byStems.get(term.stems.join(" ")) === term);
}

/** True when `term` is mentioned in `sentence` as a whole word or phrase. */
export function mentions(sentence: string, term: Pick<KeyTerm, "key">): boolean {
  return termPattern(term.key).test(sentence);
}

/** A pattern for every whole-word occurrence of `key`, case-insensitive. */
export function termPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(String.raw`(?<![\p{L}\p{N}\-\u2013])${escaped}(?![\p{L}\p{N}\-\u2013])`, "giu");
}

function toKeyTerm(raw: string, strong: boolean, all: string[]): KeyTerm {
  const key = raw.toLowerCase();
  const wordList = key.split(" ");
  const text = displayForm(raw, all);
  const shape = /^[\p{Lu}\d]+$/u.test(text) ? "acronym" : /\p{Lu}/u.test(text) ? "name" : "words";
  return {
    text,
    key,
    stems: wordList.map(stem),
    strong,
    shape,
    words: wordList.length,
    plural: /(?<![siu])s$|ia$|ae$/i.test(wordList.at(-1) ?? ""),
    mentions: all.filter((s) => mentions(s, { key })).length,
  };
}

/**
 * Acronyms as written; otherwise the term as it appears inside a sentence ("Calvin cycle" keeps its
 * capital), lower-case when it only ever starts sentences or headings ("Mitochondria are...").
 */
function displayForm(raw: string, all: string[]): string {
  if (/^[\p{Lu}\d]+$/u.test(raw)) return raw;
  const key = raw.toLowerCase();
  for (const sentence of all) {
    for (const match of sentence.matchAll(termPattern(key))) if (match.index > 0) return match[0];
  }
  return key;
}

/** Last parts of section anchors ("Cells › The nucleus" gives "nucleus"), not titles or page numbers. */
function headingTerms(passage: WriterPassage): string[] {
  if (!passage.anchor) return [];
  return passage.anchor
    .split(" › ")
    .filter((part) => part.toLowerCase() !== passage.title.toLowerCase() && !/^pp?\.\s/.test(part))
    .map((part) => part.replace(/^(the|an?)\s+/i, ""))
    .filter((part) => part.split(/\s+/).length <= 4);
}

/**
 * The words of `phrase` up to the first stopword (or all of it when `cut` is false and it has none),
 * at most three; undefined when a term cannot be told apart from the words around it.
 */
function leadingTerm(phrase: string, cut: boolean): string | undefined {
  const list = phrase.split(" ");
  const end = list.findIndex(isStopword);
  if (end === 0) return undefined;
  if (end < 0) return !cut && list.length <= 3 ? phrase : undefined;
  return end <= 3 ? list.slice(0, end).join(" ") : undefined;
}

/** Content words used in 2+ places, and word pairs used together in 2+ places (then not their parts). */
function repeatedTerms(all: string[]): string[] {
  const single = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const sentence of all) {
    const list = sentence.toLowerCase().match(/[\p{L}][\p{L}\-\u2013]*/gu) ?? [];
    list.forEach((word, at) => {
      if (!isContentWord(word)) return;
      single.set(word, (single.get(word) ?? 0) + 1);
      const next = list[at + 1];
      if (next && isContentWord(next)) pairs.set(`${word} ${next}`, (pairs.get(`${word} ${next}`) ?? 0) + 1);
    });
  }
  // A pair that ends in a verb ("rock made" of "a rock made of sand") is not a noun phrase.
  const repeatedPairs = [...pairs].filter(([pair, n]) => n >= 2 && !isVerbForm(pair.split(" ")[1]!));
  for (const [pair, n] of repeatedPairs)
    for (const word of pair.split(" ")) single.set(word, (single.get(word) ?? 0) - n);
  // Verb and adjective endings: "released", "nuclear", "selective" are not things to ask for.
  const words = [...single].filter(
    ([word, n]) =>
      n >= 2 && word.length >= 6 && !/(ed|ing|ly|al|ar|ic|ous|ive|ful|less|able|ible)$/.test(word),
  );
  return [...repeatedPairs.map(([pair]) => pair), ...words.map(([word]) => word)];
}

/** Participles and other verb forms that end a phrase without naming anything. */
const VERB_FORMS = new Set(
  "made known given found taken seen done held built shown grown laid worn torn left kept set put".split(" "),
);

function isVerbForm(word: string): boolean {
  return VERB_FORMS.has(word) || /(ed|ing)$/.test(word);
}

function isContentWord(word: string): boolean {
  return word.length >= 3 && !isStopword(word) && !COMMON.has(word);
}

function isStopword(word: string): boolean {
  return terms(word).length === 0;
}

function isTermLike(text: string): boolean {
  if (text.length < 2 || text.length > 40) return false;
  const list = text.toLowerCase().split(/\s+/);
  return list.every((w) => !isStopword(w) && !COMMON.has(w)) && /\p{L}/u.test(text);
}
