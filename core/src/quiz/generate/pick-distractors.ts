import { terms } from "../../text/terms.ts";
import { type KeyTerm, mentions } from "./key-terms.ts";
import { hashText } from "./seeded-random.ts";

/** Share of a statement's other terms that, found next to a candidate elsewhere, disqualify it. */
const SAME_CLAIM_COVERAGE = 0.5;

/**
 * Wrong choices for `answer` in `statement`: other course terms of a similar kind and length that the
 * statement does not mention. A candidate is refused when some sentence of the material says much the
 * same thing about it (it might be right too), or when it is a variant of the answer. Deterministic.
 */
export function pickDistractors(
  answer: KeyTerm,
  statement: string,
  vocabulary: readonly KeyTerm[],
  allSentences: readonly string[],
  howMany: number,
  /** How often each term (by key) was already offered; used ones cost more, so choices vary. */
  offered: ReadonlyMap<string, number> = new Map(),
): KeyTerm[] {
  const answerStems = new Set(answer.stems);
  const said = new Set(terms(statement));
  const claim = [...said].filter((t) => !answerStems.has(t));
  return vocabulary
    .filter(
      (term) =>
        term.key !== answer.key &&
        !related(term, answer) &&
        !mentions(statement, term) &&
        !term.stems.every((s) => said.has(s)) &&
        !saysTheSame(term, claim, allSentences),
    )
    .map((term) => ({
      term,
      cost: cost(term, answer) + 0.75 * (offered.get(term.key) ?? 0),
      tie: hashText(`${answer.key}\u0000${term.key}`),
    }))
    .sort((a, b) => a.cost - b.cost || a.tie - b.tie)
    .slice(0, howMany)
    .map(({ term }) => term);
}

/** True when two lower-case words look like forms of one word ("mitochondria", "mitochondrion"). */
export function sharesRoot(a: string, b: string): boolean {
  if (a.length >= 6 && b.length >= 6) return a.slice(0, 6) === b.slice(0, 6);
  return a === b;
}

function related(term: KeyTerm, answer: KeyTerm): boolean {
  if (term.key.includes(answer.key) || answer.key.includes(term.key)) return true;
  const mine = term.key.split(" ");
  const theirs = answer.key.split(" ");
  return (
    term.stems.some((s) => answer.stems.includes(s)) || mine.some((w) => theirs.some((o) => sharesRoot(w, o)))
  );
}

function saysTheSame(term: KeyTerm, claim: string[], allSentences: readonly string[]): boolean {
  if (claim.length === 0) return false;
  const wanted = new Set(claim);
  return allSentences.some((sentence) => {
    if (!mentions(sentence, term)) return false;
    const present = new Set(terms(sentence));
    let hits = 0;
    for (const t of wanted) if (present.has(t)) hits++;
    return hits / wanted.size >= SAME_CLAIM_COVERAGE;
  });
}

/** Lower is a better wrong choice: named by the material, same shape, number and length as the answer. */
function cost(term: KeyTerm, answer: KeyTerm): number {
  const length =
    Math.abs(term.text.length - answer.text.length) / Math.max(term.text.length, answer.text.length);
  return (
    (term.strong ? 0 : 2) +
    (term.shape === answer.shape ? 0 : answer.shape === "acronym" || term.shape === "acronym" ? 3 : 1) +
    (term.plural === answer.plural ? 0 : 1) +
    Math.abs(term.words - answer.words) * 0.5 +
    length
  );
}
