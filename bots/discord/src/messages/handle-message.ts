import { claimEvent, type Logger } from "@studyhall/core";
import { type Message, MessageType, Routes } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { sendDirectMessages } from "../client/send-direct-messages.ts";
import { startAnswerThread } from "../commands/ask-command.ts";
import { courseForPlace, dmThreadKey, threadKey } from "../context/course-for-place.ts";
import { placeOfMessage } from "../context/discord-member.ts";
import { toDiscordError } from "../errors/to-discord-error.ts";
import { type DiscordMessage, toDiscordMessages } from "../render/to-discord-messages.ts";
import { type AnswerSurface, answerQuestion } from "../reply/answer-question.ts";
import { ChannelAnswer } from "./channel-answer.ts";

/**
 * Conversation outside slash commands: a DM is private tutoring; a message in a thread the bot started
 * is a follow-up with that thread's memory; a message mentioning the bot in a channel starts a thread
 * and is answered there. Without the Message Content intent Discord only gives us the text of DMs and
 * of messages that mention the bot, so in threads people mention it; with the intent they need not.
 */
export async function handleMessage(ctx: BotContext, message: Message): Promise<void> {
  if (
    message.author.bot ||
    message.system ||
    (message.type !== MessageType.Default && message.type !== MessageType.Reply)
  )
    return;
  const botId = ctx.client.user?.id;
  const question = stripMention(message.content, botId);
  if (!question || !botId) return;
  const inDm = !message.guildId;
  const inOurThread = message.channel.isThread() && message.channel.ownerId === botId;
  const mentioned = message.mentions.users.has(botId);
  if (!inDm && !inOurThread && !mentioned) return;

  const log = ctx.logger.child({
    tenant: message.guildId ?? "dm",
    messageId: message.id,
    userId: message.author.id,
  });
  const release = await ctx.workSlots.acquire();
  try {
    // Two processes with the same token both receive every message; only one may answer it.
    if (await claimEvent(ctx.deps.db, `discord:message:${message.id}`))
      await answerMessage(ctx, message, question, inDm, log);
  } finally {
    release();
  }
}

async function answerMessage(
  ctx: BotContext,
  message: Message,
  question: string,
  inDm: boolean,
  log: Logger,
): Promise<void> {
  const place = placeOfMessage(message, ctx.settings.staffRole);
  let channelId = message.channelId;
  const answer = new ChannelAnswer(
    ctx.client.rest,
    () => channelId,
    () => (inDm || (!place.threadId && channelId === message.channelId) ? message.id : null),
  );
  // A mention in a channel is answered in a thread started from the person's message and named after
  // it; the thread is opened with the first public words, so a private answer opens none.
  let opening: Promise<void> | null = null;
  const openThread = async (): Promise<void> => {
    if (inDm || place.threadId) return;
    opening ??= startAnswerThread(ctx, message.channelId, message.id, question).then(() => {
      channelId = message.id;
    });
    await opening;
  };
  const surface: AnswerSurface = {
    async preview(m) {
      await openThread();
      return answer.preview(m);
    },
    async show(messages, { answered }) {
      // "No materials yet" or "I couldn't find this" is a reply to the message, not a thread named
      // after the question (unless streaming already opened one).
      if (answered) await openThread();
      return answer.show(messages);
    },
    // Where DMs fail, shown without opening a thread named after the question.
    ...(inDm ? {} : { showPrivately: (messages) => answerPrivately(ctx, message, messages, answer, log) }),
  };
  try {
    await ctx.client.rest.post(Routes.channelTyping(message.channelId)).catch(() => {});
    const course = await courseForPlace(ctx.deps.db, place);
    const key = inDm ? dmThreadKey(message.author.id) : threadKey(place.threadId ?? message.id);
    await answerQuestion(
      ctx,
      { actor: place.actor, courseId: course.courseId, question, threadKey: key },
      surface,
      log,
    );
  } catch (error) {
    const [notice] = toDiscordMessages({ ...toDiscordError(error, log), visibility: "public" });
    // Beside the question (or in the thread streaming already opened): a refusal opens no thread.
    await answer.show([notice!]).catch((e: unknown) => log.warn({ err: e }, "could not show the error"));
  }
}

/**
 * An answer core made private, for a question asked in a channel or thread: sent to the asker's DM, as
 * Discord has no private replies outside interactions. If they accept no DMs, it is shown where they
 * asked instead: a student who wrote about self-harm must still get where to find help.
 */
async function answerPrivately(
  ctx: BotContext,
  message: Message,
  messages: DiscordMessage[],
  publicly: ChannelAnswer,
  log: Logger,
): Promise<void> {
  try {
    await sendDirectMessages(ctx.client.rest, message.author.id, messages);
  } catch (error) {
    log.warn({ err: error }, "could not DM a private answer; showing it where the question was asked");
    await publicly.show(messages);
  }
}

/** The message text without the bot's mention(s). */
function stripMention(content: string, botId: string | undefined): string {
  const cleaned = botId ? content.replaceAll(new RegExp(`<@!?${botId}>`, "g"), " ") : content;
  return cleaned.replace(/\s+/g, " ").trim();
}
