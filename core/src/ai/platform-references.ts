/**
 * Mentions as chat platforms encode them carry platform ids: Slack's `<@U024BE7LH>`, `<@U024BE7LH|bob>`,
 * `<#C024BE7LR|general>`, `<!subteam^S0614TZR7|@team>`; Discord's `<@80351110224678912>`, `<@!…>`,
 * `<@&…>` (a role), `<#…>` (a channel). A student who mentions a classmate in a question would send that
 * classmate's id (and, in Slack's labelled form, a name) to the AI provider. Email addresses (Slack wraps
 * them as `<mailto:a@b.org|a@b.org>`) name a person as surely. None of them helps a model answer from the
 * course, so every text bound for the provider has them replaced by a neutral word. A person's name typed
 * as plain words cannot be told from other words and is not replaced.
 */
const REFERENCES: Array<[RegExp, string]> = [
  [/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, "@someone"],
  [/<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>/g, "@group"],
  [/<#[CGD][A-Z0-9]+(?:\|[^>]*)?>/g, "#channel"],
  [/<@!?\d{5,25}>/g, "@someone"],
  [/<@&\d{5,25}>/g, "@group"],
  [/<#\d{5,25}>/g, "#channel"],
  [/<mailto:[^>|]+(?:\|[^>]*)?>/gi, "an email address"],
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, "an email address"],
];

/**
 * `text` with every Slack or Discord mention of a person, group or channel, and every email address,
 * replaced by a neutral word.
 */
export function withoutPlatformReferences(text: string): string {
  let result = text;
  for (const [pattern, word] of REFERENCES) result = result.replace(pattern, word);
  return result;
}
