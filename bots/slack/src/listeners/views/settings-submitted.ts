import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { checkCourseSettings, updateCourseSettings } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import { parseSettingsSubmission } from "../../views/settings-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The settings modal was submitted. Values core would refuse are shown beside their fields (core's
 * own check, before the ack); otherwise the ack closes the modal and core saves the change, staff
 * only. The person hears the outcome privately in the channel the modal was opened from.
 */
export function settingsSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    const parsed = payload.success
      ? parseSettingsSubmission(payload.data.view.state.values, payload.data.view.private_metadata)
      : null;
    if (!payload.success || !teamId || !parsed) {
      log.warn({ issues: payload.error?.issues }, "unreadable settings form");
      await ack({
        response_action: "errors",
        errors: { hostPolicy: "Something went wrong. Open the settings again." },
      });
      return;
    }
    const checked = checkCourseSettings(parsed.changes, ctx.deps.tutor.limits);
    if (!checked.ok) {
      log.info({ fields: Object.keys(checked.errors) }, "settings refused on the form");
      await ack({ response_action: "errors", errors: checked.errors as Record<string, string> });
      return;
    }
    await ack();
    const user = payload.data.user.id;
    const reply = conversationReplier(client, { channel: parsed.metadata.channel, user });
    ctx.work.run("save settings", log, () =>
      replyOnError(reply, log, async () => {
        await updateCourseSettings(
          ctx.deps.db,
          { actor: slackActor(teamId, user), courseId: parsed.metadata.courseId, changes: parsed.changes },
          ctx.deps.tutor.limits,
        );
        log.info({ courseId: parsed.metadata.courseId }, "course settings saved");
        await reply({ visibility: "private", blocks: [{ type: "text", text: "Course settings saved." }] });
      }),
    );
  };
}
