import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isStudyAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { handleStudyClick, opensStudyForm, type StudyClick } from "../../flows/study-clicks.ts";
import { respondReplier } from "../../slack/repliers.ts";
import type { SlackContext } from "../../slack-context.ts";
import { readBlockAction } from "./read-block-action.ts";

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
    const read = readBlockAction(ctx, { action, body }, isStudyAction, "study");
    if (!read) return;
    const { payload, teamId, decoded, log } = read;
    // The message is edited in place, so a click without the channel it sits in cannot be answered.
    const channel = payload.container?.channel_id ?? payload.channel?.id;
    if (!channel) {
      log.warn({ actionId: read.actionId }, "unreadable study action");
      return;
    }
    const { user, container, message, trigger_id } = payload;
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
