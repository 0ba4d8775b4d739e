import { claimEvent, type Logger } from "@studyhall/core";
import { type Message, MessageType, Routes } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { startAnswerThread } from "../commands/ask-command.ts";
import { courseForPlace, dmThreadKey, threadKey } from "../context/course-for-place.ts";
import { placeOfMessage } from "../context/discord-member.ts";
import { toDiscordError } from "../errors/to-discord-error.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { answerQuestion } from "../reply/answer-question.ts";
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
  const answer = new ChannelAnswer(ctx.client.rest, () => channelId, inDm ? message.id : null);
  try {
    await ctx.client.rest.post(Routes.channelTyping(message.channelId)).catch(() => {});
    const course = await courseForPlace(ctx.deps.db, place);
    let key: string;
    if (inDm) {
      key = dmThreadKey(message.author.id);
    } else if (place.threadId) {
      key = threadKey(place.threadId);
    } else {
      // A mention in a channel: the thread started from the person's message holds the conversation.
      await startAnswerThread(ctx, message.channelId, message.id, question);
      channelId = message.id;
      key = threadKey(message.id);
    }
    await answerQuestion(
      ctx,
      { actor: place.actor, courseId: course.courseId, question, threadKey: key },
      answer,
      log,
    );
  } catch (error) {
    const [notice] = toDiscordMessages({ ...toDiscordError(error, log), visibility: "public" });
    await answer.show([notice!]).catch((e: unknown) => log.warn({ err: e }, "could not show the error"));
  }
}

/** The message text without the bot's mention(s). */
function stripMention(content: string, botId: string | undefined): string {
  const cleaned = botId ? content.replaceAll(new RegExp(`<@!?${botId}>`, "g"), " ") : content;
  return cleaned.replace(/\s+/g, " ").trim();
}
