import type { ModerationKind, ModerationResult, Moderator } from "./moderator.ts";

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
 *
 * Which side each rule checks (`appliesTo`): the self-harm intent rules check questions only. They
 * describe the writer's own state ("I want to die"), and the writer of an answer is the tutor, which
 * has none: a self-harm phrase in an answer is a quote or an explanation of course material (a health
 * reading on warning signs, a novel), and flagging it would give a student who asked a homework
 * question the crisis reply and alert staff that they "may need support". What an answer could do to
 * its reader (tell them to hurt themselves or that they would be better off dead, threaten, sexualise
 * minors) is checked on both sides. The provider's moderation, which reads context, still checks
 * every answer whole when it is configured. In a question the same phrases stay flagged even when
 * quoted from a reading: the cost is a kind pointer to help, the alternative a missed disclosure.
 *
 * No rule's phrase is longer than {@link LONGEST_RULE_PHRASE_WORDS} words, which is what lets a
 * streamed answer be checked a few words at a time (partial-answer-gate.ts).
 */
export const LOCAL_RULES: ReadonlyArray<{
  category: string;
  appliesTo: readonly ModerationKind[];
  patterns: readonly RegExp[];
}> = [
  {
    category: "self-harm/intent",
    appliesTo: ["question"],
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
    appliesTo: ["question", "answer"],
    patterns: [
      /\b(go )?kill yourself\b/,
      /\bkys\b/,
      /\byou should (just )?die\b/,
      /\bgo die\b/,
      /\byou('d|'re| would| are)? (be )?better off dead\b/,
    ],
  },
  {
    category: "violence",
    appliesTo: ["question", "answer"],
    patterns: [
      /\b(i|i'm|im|i am|i'll|ill|we|we're|we'll) (going to |gonna |will )?(kill|shoot|stab|murder) (you|him|her|them|everyone|my)\b/,
      /\bshoot up (the|my|our|this) (school|class|classroom)\b/,
      /\b(bring|bringing) a (gun|knife|bomb) to (school|class)\b/,
      /\bbomb (the|my|our|this) (school|class)\b/,
    ],
  },
  {
    category: "sexual/minors",
    appliesTo: ["question", "answer"],
    patterns: [
      /\b(nudes?|naked (pictures?|photos?|pics?)) (of|from) (a |my )?(kid|child|minor|student|\d{1,2} ?(yo|year old))s?\b/,
      /\bsex(ual)? (with|pictures of|photos of) (a |an )?(kid|child|minor|underage)s?\b/,
      /\bchild porn(ography)?\b/,
    ],
  },
];

/** The most words any phrase of {@link LOCAL_RULES} spans ("naked pictures of a 13 year old"). */
export const LONGEST_RULE_PHRASE_WORDS = 7;

/** Lower case, straight apostrophes, single spaces: the form the rules are written against. */
export function normaliseForRules(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The categories whose rules for `kind` match `text`, in rule order. */
export function matchLocalRules(text: string, kind: ModerationKind = "question"): string[] {
  const normal = normaliseForRules(text);
  return LOCAL_RULES.filter(
    (rule) => rule.appliesTo.includes(kind) && rule.patterns.some((p) => p.test(normal)),
  ).map((r) => r.category);
}

/** The offline moderator: {@link LOCAL_RULES}, in-process, no network. */
export function createLocalModerator(source: "local" | "local-fallback" = "local"): Moderator {
  return {
    async check(text, kind) {
      return localVerdict(text, kind, source);
    },
  };
}

/** The local rules' verdict on `text` as a `kind`, labelled with `source`. */
export function localVerdict(
  text: string,
  kind: ModerationKind,
  source: "local" | "local-fallback",
): ModerationResult {
  const categories = matchLocalRules(text, kind);
  return {
    flagged: categories.length > 0,
    categories,
    selfHarm: categories.some((c) => c.startsWith("self-harm")),
    source,
  };
}
