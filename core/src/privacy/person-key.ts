import { z } from "zod";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** One account of a person, as the platform names it: the key of an `Identity`. */
export const personIdentitySchema = z.object({
  platform: z.enum(["DISCORD", "SLACK", "LTI", "CLEVER", "ONEROSTER", "CLI"]),
  tenant: z.string().max(255),
  externalId: z.string().min(1).max(255),
});

export type PersonIdentity = z.infer<typeof personIdentitySchema>;

/** A person named by one of their accounts, or by StudyHall's own user id (pages list people by it). */
export const personRefSchema = z.union([
  z.object({ identity: personIdentitySchema }),
  z.object({ userId: z.uuid() }),
]);

export type PersonRef = z.infer<typeof personRefSchema>;

const SYNTAX =
  "discord:<user id>, slack:<team id>:<user id>, lti:<issuer>:<subject>, clever:<district>:<id>, oneroster:<district>:<sourcedId> or cli:<username>";

/**
 * Parses an operator's `platform:id` key: `discord:<user id>` and `cli:<username>` (no tenant),
 * `slack:<team id>:<user id>`, `clever:<district>:<id>`, `oneroster:<district>:<sourcedId>`, and `lti:<issuer>:<subject>`, where the
 * issuer is a URL that contains colons itself, so the subject is what follows the last colon.
 */
export function parsePersonKey(key: string): PersonIdentity {
  const text = key.trim();
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : "";
  const rest = text.slice(colon + 1);
  const split = (at: number) =>
    at > 0 ? { tenant: rest.slice(0, at), externalId: rest.slice(at + 1) } : { tenant: "", externalId: "" };
  let identity: PersonIdentity | null = null;
  if (prefix === "discord" || prefix === "cli") {
    identity = { platform: prefix === "discord" ? "DISCORD" : "CLI", tenant: "", externalId: rest };
  } else if (prefix === "slack" || prefix === "clever" || prefix === "oneroster") {
    const platform = ({ slack: "SLACK", clever: "CLEVER", oneroster: "ONEROSTER" } as const)[prefix];
    identity = { platform, ...split(rest.indexOf(":")) };
  } else if (prefix === "lti") {
    identity = { platform: "LTI", ...split(rest.lastIndexOf(":")) };
  }
  const parsed = personIdentitySchema.safeParse(identity);
  const tenantNeeded =
    parsed.success && ["SLACK", "CLEVER", "ONEROSTER", "LTI"].includes(parsed.data.platform);
  if (!parsed.success || (tenantNeeded && !parsed.data.tenant)) {
    throw new AppError(ErrorCode.InvalidInput, "malformed person key", {
      userMessage: `"${text.slice(0, 80)}" does not name an account. Use ${SYNTAX}.`,
    });
  }
  return parsed.data;
}
