import type { webApi } from "@slack/bolt";
import {
  type Actor,
  type Logger,
  runSessionsCommand,
  type SessionPlace,
  type SessionsCommand,
  type SpaceRef,
} from "@studyhall/core";
import { isDirectMessageChannel } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { sessionScheduleModal } from "../../views/session-schedule-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/** `/studyhall session …` or `calendar …` read by core, or `session schedule` alone: the form. */
export type SessionsRequest = { command: SessionsCommand } | { form: "schedule" };

/** True when the request opens the schedule form, whose trigger_id dies three seconds after the command. */
export function sessionsRequestOpensModal(request: SessionsRequest): boolean {
  return "form" in request;
}

/**
 * `/studyhall session schedule|list|cancel` and `/studyhall calendar`, through core's sessions front
 * door: who may schedule, the time read in the person's zone, joining the channel's course and the
 * wording are core's. Its answer is private (the confirmation, the list, the calendar link); the
 * announcement is posted by the session's job through the Slack study session port.
 */
export async function runSessionsFlow(
  ctx: SlackContext,
  req: CommandRequest,
  request: SessionsRequest,
): Promise<void> {
  if ("form" in request) {
    // The form first, while the command's trigger_id is fresh; its submission does the rest.
    await req.client.views.open({
      trigger_id: req.command.trigger_id,
      view: sessionScheduleModal({ channel: req.command.channel_id }),
    });
    return;
  }
  const place = await sessionPlace(ctx, req);
  const timeZoneHint =
    request.command.name === "schedule"
      ? await slackTimeZone(req.client, req.actor.externalId, req.log)
      : undefined;
  const reply = await runSessionsCommand(ctx.deps, {
    ...place,
    ...(timeZoneHint ? { timeZoneHint } : {}),
    command: request.command,
  });
  req.log.info({ command: request.command.name }, "sessions command");
  await req.reply(reply);
}

/**
 * Who and where, for core's session use cases: a DM has no channel course (core picks the person's);
 * in a channel, whether Slack says the person administers the workspace, which core counts as staff.
 */
export async function sessionPlace(
  ctx: SlackContext,
  req: { client: webApi.WebClient; actor: Actor; space: SpaceRef; log: Logger },
): Promise<SessionPlace> {
  if (isDirectMessageChannel(req.space.channelId)) return { actor: req.actor, space: null };
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  return { actor: req.actor, space: req.space, platformStaff };
}

/**
 * The zone the person's Slack profile shows (users.info `tz`), for core to read a schedule's time in
 * when they never set their own. Missing or failing, core reads UTC and says so.
 */
export async function slackTimeZone(
  client: webApi.WebClient,
  userId: string,
  log: Logger,
): Promise<string | undefined> {
  try {
    const { user } = await client.users.info({ user: userId });
    return typeof user?.tz === "string" && user.tz ? user.tz : undefined;
  } catch (error) {
    log.warn(
      { err: error, userId },
      "users.info failed; the schedule is read in the person's own setting or UTC",
    );
    return undefined;
  }
}
