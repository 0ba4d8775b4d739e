import { type Actor, askTutor, type Logger, type TutorAnswer, tutorAnswerReply } from "@studyhall/core";
import type { BotContext } from "../bot-context.ts";
import { DISCORD_MAX_CONTENT } from "../render/discord-limits.ts";
import { type DiscordMessage, toDiscordMessages } from "../render/to-discord-messages.ts";
import { createThrottledEditor } from "./throttled-editor.ts";

/** Where an answer appears: an interaction's reply, or messages in a thread or DM. */
export interface AnswerSurface {
  /** Shows the answer so far while it streams. */
  preview(message: DiscordMessage): Promise<unknown>;
  /**
   * Shows the finished answer (several messages when it is long). `answered` is false when the tutor
   * found nothing to answer from ("no materials yet", "I couldn't find this"): no thread is worth
   * opening for that.
   */
  show(messages: DiscordMessage[], outcome: { answered: boolean }): Promise<unknown>;
  /**
   * Shows an answer core made private (a question moderation withheld) to the asker alone, removing
   * whatever of it others could see. Absent where everything shown is already private (a DM).
   */
  showPrivately?(messages: DiscordMessage[]): Promise<unknown>;
}

const CURSOR = " ▌";

/**
 * Asks the tutor and streams the answer onto `surface`: partial text at most once per interval, then
 * the final answer with citations and 👍/👎 buttons, split cleanly when it is longer than a message.
 * An answer core makes private goes to the asker alone when the surface can do that.
 */
export async function answerQuestion(
  ctx: BotContext,
  input: { actor: Actor; courseId: string; question: string; threadKey: string },
  surface: AnswerSurface,
  log: Logger,
): Promise<TutorAnswer> {
  let text = "";
  const editor = createThrottledEditor<string>({
    intervalMs: ctx.tuning.streamEditIntervalMs,
    send: (partial) => surface.preview(previewMessage(partial)),
    onError: (error) =>
      log.warn({ err: error }, "streaming edit failed; the final answer will still be sent"),
  });
  try {
    const answer = await askTutor(input, ctx.deps.tutor, {
      onDelta: (delta) => {
        text += delta;
        editor.push(text);
      },
    });
    await editor.finish();
    const reply = tutorAnswerReply(answer);
    if (reply.visibility === "private" && surface.showPrivately)
      await surface.showPrivately(toDiscordMessages(reply));
    else await surface.show(toDiscordMessages(reply), { answered: answer.answered });
    return answer;
  } finally {
    await editor.finish();
  }
}

/** The answer so far, with a cursor; cut (not split) while streaming, since the final edit splits. */
export function previewMessage(text: string): DiscordMessage {
  const room = DISCORD_MAX_CONTENT - CURSOR.length - 2;
  const content = text.length > room ? `${text.slice(0, room)} …` : `${text}${CURSOR}`;
  return { content, components: [], allowed_mentions: { parse: [] } };
}
