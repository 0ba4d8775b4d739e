import { type REST, Routes } from "discord.js";
import type { SentMessage } from "../client/interaction-reply.ts";
import type { DiscordMessage } from "../render/to-discord-messages.ts";
import type { AnswerSurface } from "../reply/answer-question.ts";

/**
 * An answer posted as ordinary channel messages (threads, DMs): the first preview creates the message,
 * later previews and the final answer edit it, and a long answer continues in further messages.
 * These calls use the bot token and count against the bot's global rate limit, as Discord counts them.
 */
export class ChannelAnswer implements AnswerSurface {
  private first: SentMessage | null = null;

  constructor(
    private readonly rest: REST,
    private readonly channelId: () => string,
    /**
     * The question's message id when the answer is posted beside it (a DM, or a channel where no thread
     * was opened), so it is clear which one it answers; null in a thread started from the question.
     */
    private readonly replyTo: () => string | null,
  ) {}

  async preview(message: DiscordMessage): Promise<void> {
    await this.write(message);
  }

  async show(messages: DiscordMessage[]): Promise<void> {
    const [first, ...rest] = messages;
    await this.write(first!);
    for (const message of rest) await this.post(message);
  }

  private async write(message: DiscordMessage): Promise<void> {
    const { flags: _flags, ...body } = message;
    if (this.first) {
      await this.rest.patch(Routes.channelMessage(this.first.channel_id, this.first.id), { body });
    } else {
      const replyTo = this.replyTo();
      const reference = replyTo
        ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } }
        : {};
      this.first = await this.post({ ...message, ...reference });
    }
  }

  private async post(message: DiscordMessage & { message_reference?: unknown }): Promise<SentMessage> {
    const { flags: _flags, ...body } = message;
    return (await this.rest.post(Routes.channelMessages(this.channelId()), { body })) as SentMessage;
  }
}
