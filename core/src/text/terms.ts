// Plain-language term extraction shared by the local embedder, the extractive tutor and the relevance
// check. Deterministic and dependency-free on purpose: the same text must give the same terms on every
// machine, forever, or stored local embeddings would drift from new ones.

const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves also may might must shall us let get got tell explain describe " +
    "please thing things much many s t"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower-cased words of `text`, in order, stopwords included. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’].*$/, ""));
}

/** A light English stemmer: enough to match "cells" with "cell" and "producing" with "produce". */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const rules: Array<[RegExp, string]> = [
    [/ies$/, "y"],
    [/sses$/, "ss"],
    [/([^s])s$/, "$1"],
    [/eed$/, "ee"],
    [/ing$/, ""],
    [/ed$/, ""],
    [/ly$/, ""],
  ];
  for (const [pattern, replacement] of rules) {
    if (pattern.test(word)) {
      const stemmed = word.replace(pattern, replacement);
      return stemmed.length >= 3 ? stemmed.replace(/e$/, "") : word;
    }
  }
  return word.replace(/e$/, "");
}

/** Content terms: stemmed words without stopwords. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && w.length > 1)
    .map(stem);
}

/** Share of the distinct terms of `query` that occur in `text` (0..1); 0 when the query has none. */
export function termCoverage(query: string, text: string): number {
  const wanted = new Set(terms(query));
  if (wanted.size === 0) return 0;
  const present = new Set(terms(text));
  let hits = 0;
  for (const term of wanted) if (present.has(term)) hits++;
  return hits / wanted.size;
}

/** Splits prose into sentences, keeping each sentence's own punctuation. */
export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
