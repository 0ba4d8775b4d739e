// POST /v1/moderations as OpenAI answers it (omni-moderation-latest): one result per input, every
// category named with a boolean, a score and the input types it applied to.

/** The categories omni-moderation-latest reports, in OpenAI's own names. */
export const MODERATION_CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

/** Decides which categories a text falls in; the default flags nothing. */
export type FakeModerationRule = (text: string) => string[];

export const flagNothing: FakeModerationRule = () => [];

/** The response body for a moderation request body (`input` a string or an array of strings). */
export function moderationResponse(body: Record<string, unknown>, rule: FakeModerationRule) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const results = inputs.map((input) => {
    const hits = new Set(rule(typeof input === "string" ? input : JSON.stringify(input ?? "")));
    const categories: Record<string, boolean> = {};
    const scores: Record<string, number> = {};
    const applied: Record<string, string[]> = {};
    for (const name of MODERATION_CATEGORIES) {
      categories[name] = hits.has(name);
      scores[name] = hits.has(name) ? 0.97 : 0.0004;
      applied[name] = ["text"];
    }
    return {
      flagged: hits.size > 0,
      categories,
      category_scores: scores,
      category_applied_input_types: applied,
    };
  });
  return {
    id: `modr-${Math.random().toString(36).slice(2, 12)}`,
    model: typeof body.model === "string" ? body.model : "omni-moderation-latest",
    results,
  };
}
