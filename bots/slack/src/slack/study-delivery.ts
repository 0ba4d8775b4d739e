import type { RespondFn, webApi } from "@slack/bolt";
import type { Reply, ReplyFile } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import { conversationReplier } from "./repliers.ts";
import { isDirectMessageChannel } from "./slack-identity.ts";

// Where study replies go in Slack. A review or practice session lives in the person's DM with the app
// as an ordinary message, so every click can edit it in place (chat.update); ephemeral messages cannot be
// edited that way and vanish on reload, so they hold only lists and notices.

/** Slack refuses an image description longer than this (files.getUploadURLExternal: alt_txt_too_large). */
export const SLACK_MAX_ALT_TEXT = 1_000;

/** A message a study button or form belongs to. */
export interface StudyMessageRef {
  channel: string;
  /** The message's ts (absent for some ephemeral messages). */
  ts: string | undefined;
  /** Ephemeral messages are replaced through the click's response_url, or answered beside. */
  ephemeral: boolean;
}

/** Opens the person's DM with the app; its channel id. */
export async function openDm(client: webApi.WebClient, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  return channel;
}

/** Posts a reply as an ordinary message in the person's DM with the app. */
export async function postInDm(
  client: webApi.WebClient,
  user: string,
  reply: Reply,
): Promise<{ channel: string; ts: string | undefined }> {
  const channel = await openDm(client, user);
  const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
  const posted = await client.chat.postMessage({ channel, text, blocks });
  return { channel, ts: posted.ts };
}

/**
 * Uploads a reply's files into the person's DM with the app, together in one message (files.uploadV2),
 * so nobody else in the channel sees them. A picture's alt text (the progress card's) goes with it as
 * Slack's image description, which screen readers read.
 */
export async function uploadReplyFiles(
  client: webApi.WebClient,
  user: string,
  files: ReplyFile[],
  comment: string,
): Promise<void> {
  if (files.length === 0) return;
  const channel = await openDm(client, user);
  await client.files.uploadV2({
    channel_id: channel,
    initial_comment: comment,
    file_uploads: files.map((f) => ({
      file: Buffer.from(f.content),
      filename: f.name,
      title: f.title,
      ...(f.altText ? { alt_text: f.altText.slice(0, SLACK_MAX_ALT_TEXT) } : {}),
    })),
  });
}

/** "**a.md** and **a.pdf**": the files' names, as a reply's text. */
export function fileNames(files: ReplyFile[]): string {
  const names = files.map((f) => `**${f.name}**`);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * Shows `reply` in place of the message: chat.update for an ordinary message; for an ephemeral one the
 * click's response_url (`respond`) when there is one, else a new private message beside it.
 */
export async function replaceStudyMessage(
  client: webApi.WebClient,
  target: StudyMessageRef & { user: string; respond?: RespondFn | undefined },
  reply: Reply,
): Promise<void> {
  const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
  if (!target.ephemeral && target.ts) {
    await client.chat.update({ channel: target.channel, ts: target.ts, text, blocks });
    return;
  }
  if (target.respond) {
    await target.respond({ replace_original: true, response_type: "ephemeral", text, blocks });
    return;
  }
  await conversationReplier(client, { channel: target.channel, user: target.user })({
    ...reply,
    visibility: "private",
  });
}

/**
 * Sends `reply` as a new private message where the person is: a DM message in a DM, an ephemeral one
 * in a channel.
 */
export async function sendPrivately(
  client: webApi.WebClient,
  target: { channel: string; user: string; respond?: RespondFn | undefined },
  reply: Reply,
): Promise<void> {
  if (!isDirectMessageChannel(target.channel) && target.respond) {
    const { text, blocks } = toBlockKit({ ...reply, visibility: "private" });
    await target.respond({ replace_original: false, response_type: "ephemeral", text, blocks });
    return;
  }
  await conversationReplier(client, { channel: target.channel, user: target.user })({
    ...reply,
    visibility: "private",
  });
}
