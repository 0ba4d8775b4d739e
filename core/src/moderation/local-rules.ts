import type { ModerationResult, Moderator } from "./moderator.ts";

/**
 * The offline moderator's rules: a few English phrases per category, matched on whole words after
 * lower-casing and straightening quotes. They catch plainly worded intent and little else.
 *
 * Limits, on purpose and documented for schools:
 * - English only, no context: "I could kill myself, this homework is so long" is flagged (a false
 *   positive answered with a kind pointer to help), and a reworded or misspelt threat is not.
 * - No spelling tricks are undone (l33t, spaced letters), and nothing is learned.
 * - No slur list is shipped: such lists go stale, differ by region, and would themselves sit in our
 *   source. Harassment is caught only in phrases that tell someone to hurt themselves or die.
 * - Self-harm phrases lean towards flagging: a needless safe-messaging reply costs little; a missed one
 *   may cost a lot.
 * Use the provider's moderation (OPENAI_API_KEY) where these limits matter.
 */
export const LOCAL_RULES: ReadonlyArray<{ category: string; patterns: readonly RegExp[] }> = [
  {
    category: "self-harm/intent",
    patterns: [
      /\b(kill|killing|hurt|hurting|cut|cutting|harm|harming) myself\b/,
      /\b(end|ending|take|taking) my (own )?life\b/,
      /\b(i|i'm|im|i am) (want to|wanna|going to|gonna) die\b/,
      /\bi want to die\b/,
      /\b(commit|committing) suicide\b/,
      /\bsuicidal\b/,
      /\bbetter off dead\b/,
      /\bno reason to (live|go on)\b/,
    ],
  },
  {
    category: "harassment/threatening",
    patterns: [/\b(go )?kill yourself\b/, /\bkys\b/, /\byou should (just )?die\b/, /\bgo die\b/],
  },
  {
    category: "violence",
    patterns: [
      /\b(i|i'm|im|i am|i'll|ill|we|we're|we'll) (going to |gonna |will )?(kill|shoot|stab|murder) (you|him|her|them|everyone|my)\b/,
      /\bshoot up (the|my|our|this) (school|class|classroom)\b/,
      /\b(bring|bringing) a (gun|knife|bomb) to (school|class)\b/,
      /\bbomb (the|my|our|this) (school|class)\b/,
    ],
  },
  {
    category: "sexual/minors",
    patterns: [
      /\b(nudes?|naked (pictures?|photos?|pics?)) (of|from) (a |my )?(kid|child|minor|student|\d{1,2} ?(yo|year old))s?\b/,
      /\bsex(ual)? (with|pictures of|photos of) (a |an )?(kid|child|minor|underage)s?\b/,
      /\bchild porn(ography)?\b/,
    ],
  },
];

/** Lower case, straight apostrophes, single spaces: the form the rules are written against. */
export function normaliseForRules(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The categories whose rules match `text`, in rule order. */
export function matchLocalRules(text: string): string[] {
  const normal = normaliseForRules(text);
  return LOCAL_RULES.filter((rule) => rule.patterns.some((p) => p.test(normal))).map((r) => r.category);
}

/** The offline moderator: {@link LOCAL_RULES}, in-process, no network. */
export function createLocalModerator(source: "local" | "local-fallback" = "local"): Moderator {
  return {
    async check(text) {
      return localVerdict(text, source);
    },
  };
}

/** The local rules' verdict on `text`, labelled with `source`. */
export function localVerdict(text: string, source: "local" | "local-fallback"): ModerationResult {
  const categories = matchLocalRules(text);
  return {
    flagged: categories.length > 0,
    categories,
    selfHarm: categories.some((c) => c.startsWith("self-harm")),
    source,
  };
}
