import { claimEvent, type Logger } from "@studyhall/core";
import { eventEnvelopeSchema } from "../../parse/slack-payloads.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

/** The envelope facts every event listener needs: workspace, event id and a request logger. */
export function eventEnvelope(ctx: SlackContext, body: unknown, contextTeamId: string | undefined) {
  const envelope = eventEnvelopeSchema.safeParse(body);
  const teamId = (envelope.success ? envelope.data.team_id : undefined) ?? contextTeamId;
  const eventId = envelope.success ? envelope.data.event_id : undefined;
  return { teamId, eventId, log: requestLog(ctx, teamId, eventId ?? "no-event-id") };
}

/**
 * Claims an event delivery so Slack's retries (`x-slack-retry-num`, Socket Mode redeliveries) never
 * produce a second answer, across every process sharing the database. True for the first delivery.
 */
export async function claimDelivery(
  ctx: SlackContext,
  eventId: string | undefined,
  log: Logger,
): Promise<boolean> {
  if (!eventId) return true;
  const first = await claimEvent(ctx.deps.db, `slack:event:${eventId}`);
  if (!first) log.info({ eventId }, "duplicate event delivery ignored");
  return first;
}

/** The text of a message without mentions of the app itself. */
export function withoutBotMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, "").trim();
}
