/** "X is/are a|an|the Y." — the shape of a sentence that may define its subject. */
const DEFINITION = /^(?:the |an? )?(.+?) (?:is|are|was|were|refers to|means) ((?:an?|the|one) .+)\.$/i;

/**
 * A comma within the first words of the description ends its head noun phrase: what follows
 * ("the northern ridge outcrop, where the sandstone is exposed"; "an anticline, a fold whose...") says
 * more about that head, which already names a thing. Such a sentence identifies or classifies one
 * particular thing ("The weak point is the northern ridge outcrop"), it does not define a term, and a
 * question built on it asks for a word nobody could learn from the description.
 */
const HEAD_THEN_COMMA = /^(?:an?|the|one) [^,]+?,/i;
const HEAD_WORDS = 5;

export interface Definition {
  /** The subject as written, without a leading article ("weak point", "Mitochondria"). */
  subject: string;
  /** What the sentence says the subject is, with its article and without the full stop. */
  description: string;
}

/**
 * The subject and description of a sentence that defines a term ("Sandstone is a sedimentary rock
 * made of sand grains cemented together."), or undefined when the sentence only looks like one: its
 * description names one particular thing and goes on about it after a comma.
 */
export function definitionIn(sentence: string): Definition | undefined {
  const match = DEFINITION.exec(sentence);
  if (!match) return undefined;
  const [, subject, description] = match as unknown as [string, string, string];
  const head = HEAD_THEN_COMMA.exec(description)?.[0];
  if (head && head.split(/\s+/).length <= HEAD_WORDS) return undefined;
  return { subject, description };
}
