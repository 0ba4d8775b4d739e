import { escapeMrkdwn, truncate } from "../../render/slack-mrkdwn.ts";
import { isDirectMessageChannel } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { answerInChannel } from "../answer-in-channel.ts";
import { answerInDm } from "../answer-in-dm.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall ask <question>`: in a channel, a public answer that starts a thread (replies there are
 * follow-ups); in a DM, private tutoring in the app's DM with the person.
 */
export async function runAskCommand(ctx: SlackContext, req: CommandRequest, question: string): Promise<void> {
  const { team_id: teamId, user_id: userId, channel_id: channelId } = req.command;
  if (isDirectMessageChannel(channelId)) {
    // The user id as channel is the app's own DM with them, wherever the command was typed.
    return answerInDm(ctx, req.client, { teamId, userId, channel: userId, text: question }, req.log);
  }
  await answerInChannel(
    ctx,
    req.client,
    {
      teamId,
      userId,
      channelId,
      question,
      header: [
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: `<@${userId}> asked: _${escapeMrkdwn(truncate(question, 2500))}_` },
          ],
        },
      ],
    },
    req.log,
  );
}
