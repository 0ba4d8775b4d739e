import type { RespondFn, webApi } from "@slack/bolt";
import type { Actor, Logger, SpaceRef } from "@studyhall/core";
import type { SlashCommandPayload } from "../../parse/slack-payloads.ts";
import type { Replier } from "../../slack/repliers.ts";
import type { SlackDisplayNames } from "../../slack/slack-display-names.ts";
import { slackActor, slackSpace } from "../../slack/slack-identity.ts";

/** One `/studyhall` invocation, unpacked: who, where, and how to answer them. */
export interface CommandRequest {
  command: SlashCommandPayload;
  actor: Actor;
  space: SpaceRef;
  client: webApi.WebClient;
  respond: RespondFn;
  reply: Replier;
  /** The token Bolt authorised this request with (for file downloads). */
  botToken: string | undefined;
  log: Logger;
}

export function commandRequest(
  command: SlashCommandPayload,
  parts: Omit<CommandRequest, "command" | "actor" | "space">,
): CommandRequest {
  return {
    command,
    // user_name is the handle ("ada.01"), not a name to show: see withDisplayName.
    actor: slackActor(command.team_id, command.user_id),
    space: slackSpace(command.team_id, command.channel_id, command.channel_name),
    ...parts,
  };
}

/** The request with its actor named from the person's profile (see SlackDisplayNames). */
export async function withDisplayName(
  req: CommandRequest,
  names: SlackDisplayNames,
): Promise<CommandRequest> {
  const name = await names.of(req.client, req.command.team_id, req.command.user_id, req.log);
  return name ? { ...req, actor: slackActor(req.command.team_id, req.command.user_id, name) } : req;
}
