import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { resolveUser, updateLearnerPreferences } from "@studyhall/core";
import { slackErrorReply } from "../../errors/slack-error-reply.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { toBlockKit } from "../../render/to-block-kit.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import { parsePrefsSubmission } from "../../views/prefs-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The preferences modal was submitted. The values are checked before the ack (so a bad value is shown
 * on the form); the ack closes the modal and the save follows. If saving fails the person hears it in
 * their DM with the app, since the modal is gone.
 */
export function prefsSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    let preferences: ReturnType<typeof parsePrefsSubmission>;
    try {
      if (!payload.success || !teamId) throw payload.error ?? new Error("view submission without a team");
      preferences = parsePrefsSubmission(payload.data.view.state.values);
    } catch (error) {
      log.info({ err: error }, "invalid preferences submission");
      await ack({
        response_action: "errors",
        errors: { detailLevel: "Please choose an option in every list." },
      });
      return;
    }
    await ack();
    const userId = payload.data.user.id;
    ctx.work.run("save preferences", log, async () => {
      try {
        const { userId: studyhallUser } = await resolveUser(ctx.deps.db, slackActor(teamId, userId));
        await updateLearnerPreferences(ctx.deps.db, studyhallUser, preferences);
        log.info("preferences saved");
      } catch (error) {
        const message = toBlockKit(slackErrorReply(error, log));
        await client.chat.postMessage({
          channel: userId,
          text: `Your preferences were not saved. ${message.text}`,
          blocks: message.blocks,
        });
      }
    });
  };
}
