import type { webApi } from "@slack/bolt";
import { type Logger, type TutorAnswer, tutorAnswerReply } from "@studyhall/core";
import { type SlackBlock, type SlackMessage, toBlockKit } from "../render/to-block-kit.ts";
import { postLiveMessage } from "../slack/live-message.ts";

export interface StreamTarget {
  channel: string;
  /** Post in this thread; top level when absent. */
  threadTs?: string | undefined;
  /** Shown above the answer (e.g. who asked what, for a slash command) once the answer starts. */
  header?: SlackBlock[];
  /**
   * In a shared channel, the asker: an answer core makes private (a question moderation withheld) is
   * answered to them alone (an ephemeral message), and the public placeholder is removed, so
   * classmates see neither.
   */
  privateTo?: string;
}

/**
 * Posts a placeholder, streams the answer into it as it is written (coalesced chat.updates), and ends
 * with the full answer, its citations and 👍/👎 buttons. `produce` gets the posted message's ts, which
 * roots the conversation's thread. If it fails the placeholder is deleted and the error rethrown, for
 * the caller to tell the asker privately. The header (which may quote the question) is shown only
 * with the answer, so a question moderation withholds is never quoted in a channel.
 */
export async function streamAnswer(
  client: webApi.WebClient,
  target: StreamTarget,
  produce: (onDelta: (delta: string) => void, messageTs: string) => Promise<TutorAnswer>,
  options: { intervalMs: number; log: Logger },
): Promise<{ ts: string; answer: TutorAnswer }> {
  const header = target.header ?? [];
  const withHeader = (message: SlackMessage): SlackMessage => ({
    ...message,
    blocks: [...header, ...message.blocks],
  });
  const placeholder: SlackMessage = {
    text: "Looking in the course materials…",
    blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: "_Looking in the course materials…_" }] }],
    ephemeral: false,
  };
  const live = await postLiveMessage(client, target, placeholder, options);
  let text = "";
  try {
    const answer = await produce((delta) => {
      text += delta;
      live.set(
        withHeader(toBlockKit({ visibility: "public", blocks: [{ type: "text", text: `${text} …` }] })),
      );
    }, live.ts);
    const reply = tutorAnswerReply(answer);
    if (reply.visibility === "private" && target.privateTo) {
      await live.remove();
      const { text: fallback, blocks } = toBlockKit(reply);
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.privateTo,
        text: fallback,
        blocks,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
      return { ts: live.ts, answer };
    }
    // Without an asker to narrow to, the place is already private (a DM): the answer stays where it is.
    await live.finish(withHeader(toBlockKit({ ...reply, visibility: "public" })));
    return { ts: live.ts, answer };
  } catch (error) {
    await live.remove();
    throw error;
  }
}
