import { z } from "zod";
import { platformSchema } from "../people/actor.ts";

/**
 * A place where people talk, in platform-neutral terms: a Discord channel in a guild, a Slack channel
 * in a workspace, an LMS context under an issuer. `tenant` is the guild / team / issuer; `channelId`
 * the channel (or context) itself. A course bound to the whole tenant (a Discord server or Slack
 * workspace) serves every channel in it that has no binding of its own.
 */
export const spaceRefSchema = z.object({
  platform: platformSchema,
  tenant: z.string().min(1).max(255),
  channelId: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
});

export type SpaceRef = z.infer<typeof spaceRefSchema>;

/** The key a tenant-wide binding is stored under (CourseSpace.externalId). */
export const WHOLE_TENANT = "*";
