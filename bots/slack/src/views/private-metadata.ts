import type { z } from "zod";

/**
 * A submitted modal's private_metadata read against the schema it was written with. Text that is not
 * JSON fails the schema like any other mismatch, so a form from an older release is refused the same
 * way whatever it carries.
 */
export function readPrivateMetadata<S extends z.ZodType>(
  schema: S,
  privateMetadata: string | undefined,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(parseJsonOrNull(privateMetadata));
}

function parseJsonOrNull(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return null;
  }
}
