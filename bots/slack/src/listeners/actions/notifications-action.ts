import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { handleNotificationsAction, type ReplyAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { readBlockAction } from "./read-block-action.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type NotificationsAction = Extract<ReplyAction, { kind: "notifications.read" }>;

const isNotificationsAction = (action: ReplyAction): action is NotificationsAction =>
  action.kind === "notifications.read";

/**
 * "Mark all read" under a notification message or the inbox: acked at once, then core marks the
 * clicker's own inbox read and the confirmation comes as a new private message, so the notification
 * the button sits under stays readable.
 */
export function notificationsAction(ctx: SlackContext) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    await ack();
    const read = readBlockAction(ctx, { action, body }, isNotificationsAction, "notifications");
    if (!read) return;
    const { payload, teamId, decoded, log } = read;
    const reply = respondReplier(respond);
    ctx.work.run(decoded.kind, log, () =>
      replyOnError(reply, log, async () => {
        const answer = await handleNotificationsAction(ctx.deps, {
          actor: slackActor(teamId, payload.user.id),
          action: decoded,
        });
        log.info({ action: decoded.kind }, "notifications click");
        await reply({ ...answer, visibility: "private" });
      }),
    );
  };
}
