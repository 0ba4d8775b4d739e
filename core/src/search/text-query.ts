import { words } from "../text/terms.ts";

/**
 * A Postgres `to_tsquery` string that matches any of the question's words (`a | b | c`). Postgres
 * stems them and drops English stopwords; ranking (ts_rank_cd) then favours passages matching more of
 * them. Only letters and digits reach the query, so user input can never be tsquery syntax.
 */
export function toAnyWordTsQuery(question: string): string {
  const unique = [...new Set(words(question).filter((w) => w.length > 1))].slice(0, 32);
  return unique.join(" | ");
}
