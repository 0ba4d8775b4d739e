import type { RespondFn, webApi } from "@slack/bolt";
import type { Actor, Logger, SpaceRef } from "@studyhall/core";
import type { SlashCommandPayload } from "../../parse/slack-payloads.ts";
import type { Replier } from "../../slack/repliers.ts";
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

/** `displayName`: the person's name if already known (SlackDisplayNames), else core keeps the stored one. */
export function commandRequest(
  command: SlashCommandPayload,
  parts: Omit<CommandRequest, "command" | "actor" | "space">,
  displayName?: string,
): CommandRequest {
  return {
    command,
    // user_name is the handle ("ada.01"), not a name to show: see SlackDisplayNames.
    actor: slackActor(command.team_id, command.user_id, displayName),
    space: slackSpace(command.team_id, command.channel_id, command.channel_name),
    ...parts,
  };
}
