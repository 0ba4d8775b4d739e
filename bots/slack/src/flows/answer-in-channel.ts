import type { webApi } from "@slack/bolt";
import { askTutor, askTutorInput, enterSpace, type Logger } from "@studyhall/core";
import type { SlackBlock } from "../render/to-block-kit.ts";
import { channelThreadKey, slackActor, slackSpace } from "../slack/slack-identity.ts";
import type { SlackContext } from "../slack-context.ts";
import { streamAnswer } from "./stream-answer.ts";

export interface ChannelQuestion {
  teamId: string;
  userId: string;
  channelId: string;
  question: string;
  /** The thread to answer in, whose conversation this continues; absent: the answer starts one. */
  threadTs?: string | undefined;
  header?: SlackBlock[];
}

/**
 * Answers a question asked in a channel from the course bound to it: the asker joins the course on first
 * contact, and the answer streams into the thread whose root keys the conversation's memory.
 */
export async function answerInChannel(
  ctx: SlackContext,
  client: webApi.WebClient,
  q: ChannelQuestion,
  log: Logger,
): Promise<void> {
  const question = askTutorInput.shape.question.parse(q.question);
  const actor = slackActor(q.teamId, q.userId);
  // Asking needs no admin lookup: an admin who asks joins as a student and is raised to staff the
  // first time they do something only staff may do.
  const member = await enterSpace(ctx.deps.db, { actor, space: slackSpace(q.teamId, q.channelId) });
  const { answer } = await streamAnswer(
    client,
    {
      channel: q.channelId,
      threadTs: q.threadTs,
      privateTo: q.userId,
      ...(q.header ? { header: q.header } : {}),
    },
    (onDelta, ts) =>
      askTutor(
        {
          actor,
          courseId: member.course.id,
          question,
          threadKey: channelThreadKey(q.teamId, q.channelId, q.threadTs ?? ts),
        },
        ctx.deps.tutor,
        { onDelta },
      ),
    { intervalMs: ctx.updateIntervalMs, log },
  );
  log.info(
    { courseId: member.course.id, answered: answer.answered, messageId: answer.messageId },
    "answered in channel",
  );
}
