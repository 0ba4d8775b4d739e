import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeReply, recordFeedback } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { blockActionSchema, interactionTeamId } from "../../parse/slack-payloads.ts";
import { decodeAction } from "../../render/action-codec.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** 👍/👎 under an answer: stored as the asker's vote (core refuses anyone else's), thanked privately. */
export function tutorFeedback(ctx: SlackContext) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    const decoded = "action_id" in action ? decodeAction(action.action_id) : null;
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId || decoded?.kind !== "tutor.feedback") {
      log.warn(
        { actionId: "action_id" in action ? action.action_id : undefined },
        "unreadable feedback action",
      );
      return;
    }
    const reply = respondReplier(respond);
    ctx.work.run("feedback", log, () =>
      replyOnError(reply, log, async () => {
        await recordFeedback(ctx.deps.db, {
          actor: slackActor(teamId, payload.data.user.id),
          messageId: decoded.messageId,
          vote: decoded.vote,
        });
        log.info({ messageId: decoded.messageId, vote: decoded.vote }, "feedback recorded");
        await reply(
          noticeReply(
            "info",
            decoded.vote === 1
              ? "Thanks, glad it helped!"
              : "Thanks, that helps us improve. Your teacher can see which answers missed.",
          ),
        );
      }),
    );
  };
}
