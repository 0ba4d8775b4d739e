import { answerVisibility } from "@studyhall/core";
import { Routes } from "discord.js";
import { z } from "zod";
import type { BotContext } from "../bot-context.ts";
import { courseForPlace, dmThreadKey, threadKey } from "../context/course-for-place.ts";
import { DISCORD_MAX_THREAD_NAME } from "../render/discord-limits.ts";
import { answerQuestion } from "../reply/answer-question.ts";
import type { CommandHandler } from "./command-scope.ts";

const askOptions = z.object({
  question: z
    .string({ error: "Type your question in the question option." })
    .trim()
    .min(1, "Type a question after /ask.")
    .max(2_000, "Questions are at most 2,000 characters."),
  course: z.string().trim().max(200).optional(),
});

/**
 * `/ask question: [course:]`: a public answer in the channel, streamed into the deferred reply, with a
 * thread started from it where follow-up messages continue the conversation. In a thread the answer
 * stays in that thread; in DMs it is private tutoring. A question moderation withheld is answered to
 * the asker alone, and the public reply removed.
 */
export const askCommand: CommandHandler = async (scope) => {
  const { interaction, ctx, place, log } = scope;
  const reply = await scope.defer({ ephemeral: false });
  const { question, course: courseOption } = askOptions.parse({
    question: interaction.options.getString("question") ?? undefined,
    course: interaction.options.getString("course") ?? undefined,
  });
  const course = await courseForPlace(ctx.deps.db, place, courseOption);

  // A thread started from a message has that message's id, so the conversation key is known up front.
  let key: string;
  let newThreadFrom: string | null = null;
  if (!place.space) {
    key = dmThreadKey(place.actor.externalId);
  } else if (place.threadId) {
    key = threadKey(place.threadId);
  } else {
    newThreadFrom = scope.replyMessageId ?? (await reply.fetchOriginal()).id;
    key = threadKey(newThreadFrom);
  }
  const answer = await answerQuestion(
    ctx,
    { actor: place.actor, courseId: course.courseId, question, threadKey: key },
    {
      preview: (message) => reply.edit(message),
      show: (messages) => reply.show(messages),
      // The deferred reply is public in a server: a private answer replaces it with follow-ups only the
      // asker sees (Discord fixes a reply's visibility at the defer, before moderation has decided).
      ...(place.space
        ? {
            showPrivately: async (messages) => {
              await reply.deleteOriginal();
              for (const message of messages) await reply.followUp(message);
            },
          }
        : {}),
    },
    log,
  );
  // A thread is named after the question, so a private answer gets none, and a reply that found
  // nothing to answer from ("no materials yet") invites no follow-ups.
  if (newThreadFrom && interaction.channelId && answer.answered && answerVisibility(answer) === "public") {
    await startAnswerThread(ctx, interaction.channelId, newThreadFrom, question).catch((error: unknown) =>
      // The answer is already shown; a missing Create Public Threads permission only costs follow-ups.
      log.warn({ err: error }, "could not start a thread from the answer"),
    );
  }
};

/** Starts a public thread from the answer message, named after the question. */
export async function startAnswerThread(
  ctx: BotContext,
  channelId: string,
  messageId: string,
  question: string,
): Promise<void> {
  const name = question.replace(/\s+/g, " ").slice(0, DISCORD_MAX_THREAD_NAME);
  await ctx.client.rest.post(Routes.threads(channelId, messageId), {
    body: { name, auto_archive_duration: 1_440 },
  });
}
