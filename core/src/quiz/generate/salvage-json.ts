// Models asked for JSON still wrap it in prose ("Here are your questions: ...") or ``` fences, and
// compatible servers without structured output do so more often. This finds the JSON inside.

export type SalvagedJson = { ok: true; value: unknown } | { ok: false };

/** Most opening brackets tried before giving up, so a long prose reply costs bounded work. */
const MAX_ATTEMPTS = 50;

/**
 * Parses `text` as JSON, or else the first balanced JSON object or array inside it that parses.
 * Brackets inside JSON strings are skipped, so `{"a": "}"}` is found whole.
 */
export function salvageJson(text: string): SalvagedJson {
  const whole = tryParse(text.trim());
  if (whole.ok) return whole;
  let attempts = 0;
  for (let start = nextOpening(text, 0); start >= 0; start = nextOpening(text, start + 1)) {
    if (++attempts > MAX_ATTEMPTS) break;
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    const parsed = tryParse(text.slice(start, end + 1));
    if (parsed.ok) return parsed;
  }
  return { ok: false };
}

function tryParse(text: string): SalvagedJson {
  if (text === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function nextOpening(text: string, from: number): number {
  const brace = text.indexOf("{", from);
  const bracket = text.indexOf("[", from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}

/** Index of the bracket that closes the one at `start`, or -1 when it never closes or mismatches. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let at = start; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === "\\") at++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") stack.push("}");
    else if (char === "[") stack.push("]");
    else if (char === "}" || char === "]") {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return at;
    }
  }
  return -1;
}
