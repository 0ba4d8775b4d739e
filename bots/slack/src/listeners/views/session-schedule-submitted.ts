import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { isAppError, type Reply, runSessionsCommand } from "@studyhall/core";
import { sessionPlace, slackTimeZone } from "../../flows/commands/sessions-command.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor, slackSpace } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import {
  parseSessionScheduleSubmission,
  SESSION_FORM,
  sessionFormError,
} from "../../views/session-schedule-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The schedule form submitted: the same schedule command the typed one is, run before the ack so that
 * core's refusal (a time already past, someone who may not schedule in this course) shows on the form,
 * under the day, and nothing is scheduled. Scheduling is a few rows and a job, well inside Slack's
 * three seconds. On success the form closes and the confirmation comes privately in the channel.
 */
export function sessionScheduleSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId) {
      log.warn({ issues: payload.error?.issues }, "unreadable session schedule form");
      await ack({
        response_action: "errors",
        errors: { [SESSION_FORM.title]: "Something went wrong. Try again." },
      });
      return;
    }
    const parsed = parseSessionScheduleSubmission(
      payload.data.view.state.values,
      payload.data.view.private_metadata,
    );
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    const userId = payload.data.user.id;
    const actor = slackActor(teamId, userId, ctx.names.known(teamId, userId));
    let reply: Reply;
    try {
      const place = await sessionPlace(ctx, {
        client,
        actor,
        space: slackSpace(teamId, parsed.channel),
        log,
      });
      const timeZoneHint = await slackTimeZone(client, userId, log);
      reply = await runSessionsCommand(ctx.deps, {
        ...place,
        ...(timeZoneHint ? { timeZoneHint } : {}),
        command: parsed.command,
      });
    } catch (error) {
      if (!isAppError(error)) log.error({ err: error }, "scheduling from the form failed");
      const refusal = isAppError(error)
        ? error.userMessage
        : "Something went wrong. Nothing was scheduled; try again.";
      await ack({ response_action: "errors", errors: sessionFormError(SESSION_FORM.date, refusal).errors });
      return;
    }
    await ack();
    log.info({ weekly: parsed.command.weekly }, "study session scheduled from the form");
    await conversationReplier(client, { channel: parsed.channel, user: userId })(reply).catch(
      (err: unknown) => log.error({ err }, "could not confirm the scheduled session"),
    );
  };
}
