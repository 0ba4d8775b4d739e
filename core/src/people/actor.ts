import { z } from "zod";

export const platformSchema = z.enum(["DISCORD", "SLACK", "LTI", "CLEVER", "ONEROSTER", "CLI"]);

/**
 * Who is asking, in platform-neutral terms. `tenant` scopes `externalId` where the platform needs it:
 * the Slack team id, the LTI issuer, the Clever district; "" for Discord and the CLI.
 */
export const actorSchema = z.object({
  platform: platformSchema,
  tenant: z.string().max(255),
  externalId: z.string().min(1).max(255),
  displayName: z.string().max(200).optional(),
});

export type Actor = z.infer<typeof actorSchema>;
