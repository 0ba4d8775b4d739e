import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isStudyAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { handleStudyClick, opensStudyForm, type StudyClick } from "../../flows/study-clicks.ts";
import { blockActionSchema, interactionTeamId } from "../../parse/slack-payloads.ts";
import { decodeAction } from "../../render/action-codec.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Every study button (flashcard review, practice, writing, deck and prompt review, "Save as card").
 * Acked at once; the click is then answered by core and the message edited in place. A rating click
 * that arrives twice is counted once by core. The two form buttons run ahead of the queue, as their
 * trigger_id expires three seconds after the click.
 */
export function studyAction(ctx: SlackContext) {
  return async ({ ack, action, body, respond, client }: ActionArgs): Promise<void> => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    const decoded = "action_id" in action ? decodeAction(action.action_id) : null;
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    const channel = payload.data?.container?.channel_id ?? payload.data?.channel?.id;
    if (!payload.success || !teamId || !channel || !decoded || !isStudyAction(decoded)) {
      log.warn({ actionId: "action_id" in action ? action.action_id : undefined }, "unreadable study action");
      return;
    }
    const { user, container, message, trigger_id } = payload.data;
    const click: StudyClick = {
      teamId,
      userId: user.id,
      message: {
        channel,
        ts: container?.message_ts ?? message?.ts,
        ephemeral: container?.is_ephemeral === true,
      },
      triggerId: trigger_id,
      client,
      respond,
      log: log.child({ action: decoded.kind }),
    };
    const job = () =>
      replyOnError(respondReplier(respond), click.log, () => handleStudyClick(ctx, click, decoded));
    if (opensStudyForm(decoded)) await ctx.work.runNow(`study form ${decoded.kind}`, log, job);
    else ctx.work.run(decoded.kind, log, job);
  };
}
