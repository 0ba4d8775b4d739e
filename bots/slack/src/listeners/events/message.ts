import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isTutorThread, type Logger } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { answerInChannel } from "../../flows/answer-in-channel.ts";
import { answerInDm } from "../../flows/answer-in-dm.ts";
import { ingestSharedFiles } from "../../flows/ingest-shared-files.ts";
import { type MessageEventPayload, messageEventSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { channelThreadKey } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { claimDelivery, eventEnvelope } from "./event-job.ts";

type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

/**
 * Messages the app can see: in a DM with the app, private tutoring (or files from staff); in a channel,
 * only replies in a thread the tutor answered in are follow-ups. Everything else is ordinary chatter
 * and is ignored without touching the database.
 */
export function messageReceived(ctx: SlackContext) {
  return async ({ event, body, client, context }: MessageArgs): Promise<void> => {
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if ((message.subtype && message.subtype !== "file_share") || message.bot_id || !message.user) return;
    const isDm = message.channel_type === "im";
    if (!isDm && !isPossibleFollowUp(message, context.botUserId)) return;
    const { teamId, eventId, log } = eventEnvelope(ctx, body, context.teamId);
    if (!teamId) return;
    const userId = message.user;
    const threadTs = message.thread_ts ?? (isDm ? undefined : message.ts);
    const reply = conversationReplier(client, { channel: message.channel, user: userId, threadTs });
    ctx.work.run(isDm ? "dm" : "follow-up", log, () =>
      replyOnError(reply, log, async () => {
        if (isDm) {
          if (!(await claimDelivery(ctx, eventId, log))) return;
          return handleDm(ctx, client, context.botToken ?? "", { teamId, userId, message }, log);
        }
        const threadKey = channelThreadKey(teamId, message.channel, message.thread_ts!);
        if (!(await isTutorThread(ctx.deps.db, { platform: "SLACK", threadKey }))) return;
        if (!(await claimDelivery(ctx, eventId, log))) return;
        await answerInChannel(
          ctx,
          client,
          { teamId, userId, channelId: message.channel, question: message.text, threadTs: message.thread_ts },
          log,
        );
      }),
    );
  };
}

/** A thread reply without files that does not mention the app (mentions arrive as app_mention too). */
function isPossibleFollowUp(message: MessageEventPayload, botUserId: string | undefined): boolean {
  if (!message.thread_ts || message.thread_ts === message.ts || message.files?.length) return false;
  return !botUserId || !message.text.includes(`<@${botUserId}`);
}

async function handleDm(
  ctx: SlackContext,
  client: MessageArgs["client"],
  botToken: string,
  dm: { teamId: string; userId: string; message: MessageEventPayload },
  log: Logger,
): Promise<void> {
  const { teamId, userId, message } = dm;
  if (message.files?.length) {
    return ingestSharedFiles(
      ctx,
      client,
      botToken,
      {
        teamId,
        userId,
        channelId: message.channel,
        messageTs: message.thread_ts ?? message.ts,
        fileIds: message.files.map((f) => f.id),
        isDm: true,
        text: message.text,
      },
      log,
    );
  }
  if (!message.text.trim()) return;
  await answerInDm(ctx, client, { teamId, userId, channel: message.channel, text: message.text }, log);
}
