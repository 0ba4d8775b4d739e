// Request bodies shaped like the ones Slack sends (recorded payloads, trimmed, with stable fake ids).
import type { SlackRequestBody } from "./fake-slack-signer.ts";

export interface SlashCommandFields {
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  responseUrl: string;
  command?: string;
  userName?: string;
  channelName?: string;
  triggerId?: string;
}

/** A `/studyhall ...` slash command, form-encoded. */
export function slashCommand(f: SlashCommandFields): SlackRequestBody {
  const form = new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: f.teamId,
    team_domain: f.teamId.toLowerCase(),
    channel_id: f.channelId,
    channel_name: f.channelName ?? "biology",
    user_id: f.userId,
    user_name: f.userName ?? f.userId.toLowerCase(),
    command: f.command ?? "/studyhall",
    text: f.text,
    api_app_id: "A0STUDYHALL",
    is_enterprise_install: "false",
    response_url: f.responseUrl,
    trigger_id: f.triggerId ?? `${Date.now()}.1234.abcdef`,
  });
  return { contentType: "application/x-www-form-urlencoded", raw: form.toString() };
}

/** The JSON of an Events API `event_callback` envelope. */
export function eventEnvelope(
  teamId: string,
  eventId: string,
  event: Record<string, unknown>,
): Record<string, unknown> {
  return {
    token: "deprecated-verification-token",
    team_id: teamId,
    api_app_id: "A0STUDYHALL",
    event: { event_ts: event.ts ?? "1700000000.000100", ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: "UBOT", is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** An Events API `event_callback`, as its HTTP body. */
export function eventCallback(
  teamId: string,
  eventId: string,
  event: Record<string, unknown>,
): SlackRequestBody {
  return { contentType: "application/json", raw: JSON.stringify(eventEnvelope(teamId, eventId, event)) };
}

/** A form-encoded interactivity request (`payload=<json>`). */
export function interactive(payload: Record<string, unknown>): SlackRequestBody {
  return {
    contentType: "application/x-www-form-urlencoded",
    raw: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  };
}

/** A `block_actions` payload for one button click. */
export function blockActionPayload(f: {
  teamId: string;
  userId: string;
  channelId: string;
  actionId: string;
  value?: string;
  messageTs?: string;
  message?: Record<string, unknown>;
  /** A click on an ephemeral message (a slash command's private answer): Slack sends no `message`. */
  ephemeral?: boolean;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: f.userId, username: f.userId.toLowerCase(), team_id: f.teamId },
    api_app_id: "A0STUDYHALL",
    token: "deprecated-verification-token",
    container: {
      type: "message",
      message_ts: f.messageTs ?? "1700000001.000100",
      channel_id: f.channelId,
      is_ephemeral: f.ephemeral ?? false,
    },
    trigger_id: `${Date.now()}.5678.fedcba`,
    team: { id: f.teamId, domain: f.teamId.toLowerCase() },
    channel: { id: f.channelId, name: "biology" },
    ...(f.ephemeral
      ? {}
      : {
          message: f.message ?? {
            type: "message",
            ts: f.messageTs ?? "1700000001.000100",
            text: "answer",
            blocks: [],
          },
        }),
    response_url: f.responseUrl,
    actions: [
      {
        type: "button",
        action_id: f.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "button" },
        value: f.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** A `view_submission` payload for a modal with `values` (block_id -> action_id -> element state). */
export function viewSubmissionPayload(f: {
  teamId: string;
  userId: string;
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
}): Record<string, unknown> {
  return {
    type: "view_submission",
    team: { id: f.teamId, domain: f.teamId.toLowerCase() },
    user: { id: f.userId, username: f.userId.toLowerCase(), team_id: f.teamId },
    api_app_id: "A0STUDYHALL",
    token: "deprecated-verification-token",
    trigger_id: `${Date.now()}.9999.aaaaaa`,
    view: {
      id: "V0PREFS",
      team_id: f.teamId,
      type: "modal",
      callback_id: f.callbackId,
      private_metadata: f.privateMetadata ?? "",
      state: { values: f.values },
      hash: "1700000000.abc",
    },
  };
}
