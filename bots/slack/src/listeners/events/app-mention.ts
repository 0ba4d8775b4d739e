import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { noticeReply } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { answerInChannel } from "../../flows/answer-in-channel.ts";
import { ingestSharedFiles } from "../../flows/ingest-shared-files.ts";
import { messageEventSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import type { SlackContext } from "../../slack-context.ts";
import { claimDelivery, eventEnvelope, withoutBotMention } from "./event-job.ts";

type MentionArgs = SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs;

/**
 * `@StudyHall <question>` in a channel: answered in a thread under the mention (replies there are
 * follow-ups). `@StudyHall` with files attached, by course staff: the files are added to the course.
 */
export function appMention(ctx: SlackContext) {
  return async ({ event, body, client, context }: MentionArgs): Promise<void> => {
    const { teamId, eventId, log } = eventEnvelope(ctx, body, context.teamId);
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success || !teamId || !parsed.data.user) {
      log.warn({ issues: parsed.error?.issues }, "app_mention without the fields we need");
      return;
    }
    const mention = parsed.data;
    const userId = mention.user!;
    const threadTs = mention.thread_ts ?? mention.ts;
    const reply = conversationReplier(client, { channel: mention.channel, user: userId, threadTs });
    ctx.work.run("mention", log, () =>
      replyOnError(reply, log, async () => {
        if (!(await claimDelivery(ctx, eventId, log))) return;
        const text = withoutBotMention(mention.text, context.botUserId);
        if (mention.files?.length) {
          const shared = {
            teamId,
            userId,
            channelId: mention.channel,
            messageTs: threadTs,
            isDm: false,
            text,
          };
          return ingestSharedFiles(
            ctx,
            client,
            context.botToken ?? "",
            { ...shared, fileIds: mention.files.map((f) => f.id) },
            log,
          );
        }
        if (!text) {
          return reply(
            noticeReply(
              "info",
              "Ask me something after the mention, e.g. `@StudyHall what do mitochondria produce?`",
            ),
          );
        }
        await answerInChannel(
          ctx,
          client,
          { teamId, userId, channelId: mention.channel, question: text, threadTs },
          log,
        );
      }),
    );
  };
}
