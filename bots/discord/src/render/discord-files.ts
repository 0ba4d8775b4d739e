import type { Reply } from "@studyhall/core";
import { DISCORD_MAX_ATTACHMENT_DESCRIPTION, DISCORD_MAX_ATTACHMENTS } from "./discord-limits.ts";

/** A file as discord.js's REST client uploads it with a message. */
export interface DiscordFile {
  name: string;
  data: Buffer | Uint8Array;
  contentType: string;
  /** The attachment's description, which Discord gives screen readers as the image's alt text. */
  description?: string;
}

/**
 * The files a reply carries (a study guide's Markdown and PDF, a deck's Anki package), as uploads for
 * one message. A reply never carries more than a message takes; past the limit the rest are left off
 * rather than the whole message refused. A picture's alt text (the progress card's) becomes its
 * description.
 */
export function discordFilesOf(reply: Reply): DiscordFile[] {
  return (reply.files ?? []).slice(0, DISCORD_MAX_ATTACHMENTS).map((file) => ({
    name: file.name,
    data: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
    contentType: file.mimeType,
    ...(file.altText ? { description: file.altText.slice(0, DISCORD_MAX_ATTACHMENT_DESCRIPTION) } : {}),
  }));
}
