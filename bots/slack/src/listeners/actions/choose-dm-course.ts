import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { describeMember, noticeReply } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { answerForCourse, DM_QUESTION_BLOCK } from "../../flows/answer-in-dm.ts";
import { blockActionSchema, interactionTeamId } from "../../parse/slack-payloads.ts";
import { escapeMrkdwn } from "../../render/slack-mrkdwn.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A course picked for a pending DM question. The question is read back from the chooser message (kept
 * there as plain text), which then says which course answers it.
 */
export function chooseDmCourse(ctx: SlackContext) {
  return async ({ ack, action, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    const courseId = "value" in action ? action.value : undefined;
    const channel = payload.success
      ? (payload.data.channel?.id ?? payload.data.container?.channel_id)
      : undefined;
    const message = payload.success ? payload.data.message : undefined;
    const question = message?.blocks?.find((b) => b.block_id === DM_QUESTION_BLOCK)?.text as
      | { text?: string }
      | undefined;
    if (!payload.success || !teamId || !courseId || !channel || !message || !question?.text) {
      log.warn("unreadable course choice");
      return;
    }
    const userId = payload.data.user.id;
    const reply = conversationReplier(client, { channel, user: userId });
    ctx.work.run("dm course choice", log, () =>
      replyOnError(reply, log, async () => {
        const member = await describeMember(ctx.deps.db, slackActor(teamId, userId));
        const course = member.courses.find((c) => c.id === courseId);
        if (!course) return reply(noticeReply("warning", "You're no longer in that course."));
        await client.chat.update({
          channel,
          ts: message.ts,
          text: `Answering from ${course.name}`,
          blocks: [
            {
              type: "context",
              elements: [
                {
                  type: "mrkdwn",
                  text: `Answering from *${escapeMrkdwn(course.name)}*: _${escapeMrkdwn(question.text!)}_`,
                },
              ],
            },
          ],
        });
        const others = member.courses.filter((c) => c.id !== course.id);
        await answerForCourse(
          ctx,
          client,
          { teamId, userId, channel, text: question.text! },
          course,
          others,
          log,
        );
      }),
    );
  };
}
