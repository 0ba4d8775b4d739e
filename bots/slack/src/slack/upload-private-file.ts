import type { webApi } from "@slack/bolt";

/**
 * Uploads a file into the person's DM with the app (conversations.open, then files.uploadV2: get an
 * upload URL, send the bytes, complete the upload), so nobody else in the channel can see it.
 */
export async function uploadPrivateFile(
  client: webApi.WebClient,
  input: { user: string; fileName: string; content: string | Buffer; title: string; comment: string },
): Promise<{ channel: string }> {
  const opened = await client.conversations.open({ users: input.user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  await client.files.uploadV2({
    channel_id: channel,
    file: Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, "utf8"),
    filename: input.fileName,
    title: input.title,
    initial_comment: input.comment,
  });
  return { channel };
}
