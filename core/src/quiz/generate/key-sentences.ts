import { sentences } from "../../text/terms.ts";
import { looksLikeInstruction } from "../../tutor/looks-like-instruction.ts";

/** A statement short enough to read on a phone and long enough to say something. */
const MIN_CHARS = 30;
const MAX_CHARS = 220;
const MIN_WORDS = 5;
const MAX_WORDS = 40;

/** Openings that lean on an earlier sentence ("They break down glucose...", "However, ..."). */
const DANGLING_START =
  /^(this|these|that|those|it|its|they|them|their|he|she|his|her|such|here|there|both|either|neither|another|other|others|however|therefore|thus|hence|also|then|so|but|and|or|yet|instead|otherwise|likewise|similarly|finally|first|second|third|next|lastly|in (addition|contrast|turn|this|that|these)|for (example|instance)|as (a result|such|shown|mentioned|noted)|on the other hand)\b/i;

/** References to something outside the sentence: figures, tables, "above", "this process". */
const DANGLING_ANYWHERE =
  /\b(this|these|those|above|below|aforementioned|previous(ly)?|preceding|following|former|latter|figures?|fig|tables?|diagrams?|charts?|chapters?|sections?|appendix|equations?|eq|exercises?|see|shown|here|earlier|later)\b/i;

/**
 * The voice of a guide, a story or a worksheet ("We leave the minibus at the quarry gate", "your
 * helmets"): it tells what someone does, not what the course teaches.
 */
const PERSONAL = /\b(we|us|our|ours|you|your|yours|i|me|my|let's)\b/i;

/**
 * The sentences of `text` that can stand alone as a quiz statement: a complete declarative sentence
 * of moderate length that points at nothing outside itself. Anything doubtful is left out, since a
 * question built on a half-understood sentence would mislead.
 */
export function keySentences(text: string): string[] {
  return sentences(text).filter(isSelfContained);
}

/** True when `sentence` is a clean, self-contained statement (see {@link keySentences}). */
export function isSelfContained(sentence: string): boolean {
  if (sentence.length < MIN_CHARS || sentence.length > MAX_CHARS) return false;
  const words = sentence.split(/\s+/).length;
  if (words < MIN_WORDS || words > MAX_WORDS) return false;
  // Starts like a sentence, ends with one full stop (not "...", "?", "!" or "e.g.").
  if (!/^[\p{Lu}]/u.test(sentence) || !/[^.\s]\.$/.test(sentence)) return false;
  if (/\b(e\.g|i\.e|etc|cf|vs)\.$/i.test(sentence)) return false;
  if (DANGLING_START.test(sentence) || DANGLING_ANYWHERE.test(sentence)) return false;
  if (PERSONAL.test(sentence)) return false;
  // Lists, code, links, citations and markup are not statements.
  if (/https?:|www\.|[<>{}|`*#_=\\]|\[\d+\]|\.\.\.|…/.test(sentence)) return false;
  if (!balanced(sentence, "(", ")") || !balanced(sentence, "[", "]") || count(sentence, '"') % 2 !== 0)
    return false;
  return !looksLikeInstruction(sentence);
}

function balanced(text: string, open: string, close: string): boolean {
  return count(text, open) === count(text, close);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
