import { type REST, Routes } from "discord.js";
import type { DiscordFile } from "../render/discord-files.ts";
import type { DiscordMessage } from "../render/to-discord-messages.ts";

/** What Discord answers for a message we created or edited (the fields we use). */
export interface SentMessage {
  id: string;
  channel_id: string;
}

/**
 * The reply to one acknowledged interaction, through its webhook: edit the original, add follow-ups,
 * delete. Knows when the interaction token stops being usable, so long work can switch to a channel
 * message instead of failing.
 */
export class InteractionReply {
  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly token: string,
    /** Whether the original reply was deferred as ephemeral (Discord fixes this at the defer). */
    readonly ephemeral: boolean,
    /** When the interaction was created (ms since epoch), and how long its token may be used. */
    private readonly createdAt: number,
    private readonly tokenMs: number,
  ) {}

  /** True while the token may still be used. */
  fresh(now = Date.now()): boolean {
    return now - this.createdAt < this.tokenMs;
  }

  async edit(message: DiscordMessage): Promise<SentMessage> {
    const { flags: _flags, ...body } = message;
    return (await this.rest.patch(Routes.webhookMessage(this.applicationId, this.token, "@original"), {
      body,
      auth: false,
    })) as SentMessage;
  }

  /** Replaces the original reply with `message` and one attached file (e.g. a CSV export). */
  editWithFile(message: DiscordMessage, file: DiscordFile): Promise<SentMessage> {
    return this.editWithFiles(message, [file]);
  }

  /** Replaces the original reply with `message` and its attached files (a study guide's .md and .pdf). */
  async editWithFiles(message: DiscordMessage, files: DiscordFile[]): Promise<SentMessage> {
    const { flags: _flags, ...body } = message;
    return (await this.rest.patch(Routes.webhookMessage(this.applicationId, this.token, "@original"), {
      body: { ...body, attachments: attachmentsOf(files) },
      files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
      auth: false,
    })) as SentMessage;
  }

  /** A follow-up message with attached files. */
  async followUpWithFiles(message: DiscordMessage, files: DiscordFile[]): Promise<SentMessage> {
    const body = this.ephemeral ? { ...message, flags: (message.flags ?? 0) | 64 } : message;
    return (await this.rest.post(Routes.webhook(this.applicationId, this.token), {
      body: { ...body, attachments: attachmentsOf(files) },
      files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
      auth: false,
    })) as SentMessage;
  }

  async followUp(message: DiscordMessage): Promise<SentMessage> {
    const body = this.ephemeral ? { ...message, flags: (message.flags ?? 0) | 64 } : message;
    return (await this.rest.post(Routes.webhook(this.applicationId, this.token), {
      body,
      auth: false,
    })) as SentMessage;
  }

  async fetchOriginal(): Promise<SentMessage> {
    return (await this.rest.get(Routes.webhookMessage(this.applicationId, this.token, "@original"), {
      auth: false,
    })) as SentMessage;
  }

  async deleteOriginal(): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(this.applicationId, this.token, "@original"), {
      auth: false,
    });
  }

  /** Shows `messages` in order: the first replaces the original reply, the rest follow it. */
  async show(messages: DiscordMessage[]): Promise<SentMessage> {
    const [first, ...rest] = messages;
    const original = await this.edit(first!);
    for (const message of rest) await this.followUp(message);
    return original;
  }
}

/** The message's attachment metadata: each upload's index, name and description (its alt text). */
function attachmentsOf(files: DiscordFile[]) {
  return files.map((f, id) => ({
    id,
    filename: f.name,
    ...(f.description ? { description: f.description } : {}),
  }));
}
