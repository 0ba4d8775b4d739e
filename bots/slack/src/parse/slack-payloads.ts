import { z } from "zod";

// The parts of Slack's payloads this adapter reads, validated at the edge. Slack sends much more; zod
// strips what we do not use, and a payload missing what we need is refused before any work starts.

const id = z.string().min(1).max(64);
const ts = z.string().regex(/^\d+\.\d+$/);

export const slashCommandSchema = z.object({
  team_id: id,
  user_id: id,
  user_name: z.string().max(200).optional(),
  channel_id: id,
  channel_name: z.string().max(200).optional(),
  // Slack's message limit: core refuses what is too long for the command (writing, a pasted deck) by name.
  text: z.string().max(40_000),
  response_url: z.string().url(),
  trigger_id: z.string().min(1),
});
export type SlashCommandPayload = z.infer<typeof slashCommandSchema>;

export const sharedFileSchema = z.object({
  id,
  name: z.string().max(255).optional(),
});

/** `app_mention` and `message` events (the fields both share). */
export const messageEventSchema = z.object({
  type: z.enum(["app_mention", "message"]),
  subtype: z.string().optional(),
  user: id.optional(),
  bot_id: z.string().optional(),
  text: z.string().max(40_000).default(""),
  ts,
  thread_ts: ts.optional(),
  channel: id,
  channel_type: z.string().optional(),
  files: z.array(sharedFileSchema).max(20).optional(),
});
export type MessageEventPayload = z.infer<typeof messageEventSchema>;

/** The envelope around every Events API event. */
export const eventEnvelopeSchema = z.object({
  team_id: id.optional(),
  event_id: z.string().min(1).max(64).optional(),
});

const interactionUser = z.object({
  id,
  team_id: id.optional(),
  username: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
});

export const blockActionSchema = z.object({
  user: interactionUser,
  trigger_id: z.string().min(1).optional(),
  team: z.object({ id }).nullable().optional(),
  channel: z.object({ id }).optional(),
  container: z
    .object({ message_ts: ts.optional(), channel_id: id.optional(), is_ephemeral: z.boolean().optional() })
    .optional(),
  message: z
    .object({
      ts,
      thread_ts: ts.optional(),
      blocks: z.array(z.object({ block_id: z.string().optional() }).passthrough()).optional(),
    })
    .optional(),
});
export type BlockActionPayload = z.infer<typeof blockActionSchema>;

export const viewSubmissionSchema = z.object({
  user: interactionUser,
  team: z.object({ id }).nullable().optional(),
  view: z.object({
    private_metadata: z.string().max(3000).optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionSchema>;

/** The workspace a block action or view submission happened in. */
export function interactionTeamId(payload: {
  user: { team_id?: string | undefined };
  team?: { id: string } | null | undefined;
}): string | undefined {
  return payload.team?.id ?? payload.user.team_id;
}
