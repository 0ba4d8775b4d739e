import { z } from "zod";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** A course's name as staff type it: the same bounds as when it was created. */
export const courseNameSchema = z
  .string()
  .trim()
  .min(1, "Give the course a name.")
  .max(200, "Course names are at most 200 characters.");

/** Parses an upkeep request; a bad one is refused with the first problem, in words a person can act on. */
export function parseUpkeepInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(ErrorCode.InvalidInput, `malformed ${what} request`, {
      userMessage: first?.path.includes("name") ? first.message : `That ${what} request is not valid.`,
      details: { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    });
  }
  return parsed.data;
}
