import type { z } from "zod";
import { AppError, ErrorCode } from "./app-error.ts";

/**
 * Parses a use case's input. An id a front end took from a URL, a button or a form that does not
 * parse (not a UUID) names nothing, so it gets the same "not found" as an unknown id or another
 * course's: `notFound[field]()`. Answering "invalid" instead would tell a malformed id from one that
 * exists elsewhere, and a bad id must never surface as a 500. Any other invalid field is an
 * {@link AppError} `invalid_input` naming the field in the log.
 *
 * @param notFound the "not found" error of each id field, by its name in `schema`
 */
export function parseUseCaseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  notFound: Readonly<Record<string, () => AppError>> = {},
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  for (const issue of issues) {
    const field = issue.path[0];
    const missing = typeof field === "string" ? notFound[field] : undefined;
    if (missing) throw missing();
  }
  const first = issues[0];
  throw new AppError(ErrorCode.InvalidInput, `invalid input: ${first?.message ?? "unknown"}`, {
    details: { path: first?.path.join("."), issues: issues.length },
  });
}
