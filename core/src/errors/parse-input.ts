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

/**
 * Parses a command a front end built (study, progress, notifications). Front ends build commands from
 * what people typed or picked, so a command that does not parse is the person's to fix: an
 * `invalid_input` whose sentence names the first problem, with the command's kind in the log.
 *
 * @param kind what the command is, for the log ("study", "progress", "notifications")
 */
export function parseFrontDoorCommand<S extends z.ZodType>(
  schema: S,
  command: unknown,
  kind: string,
): z.output<S> {
  const parsed = schema.safeParse(command);
  if (parsed.success) return parsed.data;
  const name = (command as { name?: unknown } | null)?.name;
  throw new AppError(ErrorCode.InvalidInput, `invalid ${kind} command`, {
    userMessage: `That command could not be read: ${parsed.error.issues[0]?.message ?? "check its parts"}.`,
    details: { issues: parsed.error.issues.length, ...(typeof name === "string" ? { name } : {}) },
  });
}
