import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { handleSessionAction, type ReplyAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { sessionPlace } from "../../flows/commands/sessions-command.ts";
import { toBlockKit } from "../../render/to-block-kit.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { slackActor, slackSpace } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { readBlockAction } from "./read-block-action.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type SessionAction = Extract<ReplyAction, { kind: "session.rsvp" | "session.join" }>;

const isSessionAction = (action: ReplyAction): action is SessionAction =>
  action.kind === "session.rsvp" || action.kind === "session.join";

/**
 * Going / Maybe / Can't go under a session's announcement, and "I'm here" in its thread: acked at once,
 * then core records the answer. The clicker is told privately (an ephemeral through the response_url);
 * an RSVP also edits the announcement they clicked so everyone sees the new counts (edits of one
 * announcement coalesced, as a class answering at once would outrun Slack's edit limit).
 */
export function sessionAction(ctx: SlackContext) {
  return async ({ ack, action, body, respond, client }: ActionArgs): Promise<void> => {
    await ack();
    const read = readBlockAction(ctx, { action, body }, isSessionAction, "session");
    if (!read) return;
    const { payload, teamId, decoded, log } = read;
    const channel = payload.container?.channel_id ?? payload.channel?.id;
    const ts = payload.container?.message_ts ?? payload.message?.ts;
    if (!channel) {
      log.warn({ actionId: read.actionId }, "unreadable session action");
      return;
    }
    const reply = respondReplier(respond);
    const clickLog = log.child({ action: decoded.kind, studySessionId: decoded.sessionId });
    ctx.work.run(decoded.kind, clickLog, () =>
      replyOnError(reply, clickLog, async () => {
        const actor = slackActor(teamId, payload.user.id, ctx.names.known(teamId, payload.user.id));
        const place = await sessionPlace(ctx, {
          client,
          actor,
          space: slackSpace(teamId, channel),
          log: clickLog,
        });
        const answer = await handleSessionAction(ctx.deps, { ...place, action: decoded });
        clickLog.info("session click");
        await reply({ ...answer.notice, visibility: "private" });
        if (answer.announcement && ts) {
          ctx.sharedEdits.show(
            client,
            { channel, ts },
            toBlockKit({ ...answer.announcement, visibility: "public" }),
          );
        }
      }),
    );
  };
}
