import type { webApi } from "@slack/bolt";
import {
  AppError,
  type Destination,
  downloadFile,
  ErrorCode,
  type Logger,
  MAX_MATERIAL_BYTES,
  materialTooLarge,
  platformFiles,
} from "@studyhall/core";

/** Slack's file hosts (and GovSlack's): the only hosts the bot token is sent to, with the configured API host. */
const SLACK_FILE_HOSTS = ["files.slack.com", "slack.com", "slack-gov.com", "files.slack-gov.com"];

export interface DownloadedFile {
  data: Uint8Array;
  name: string;
  title: string | undefined;
  mimetype: string | undefined;
}

/**
 * Downloads a file shared with the app: `files.info` for its private URL, then the bytes with the bot
 * token through core's downloadFile. The token only goes to Slack's file hosts (see slackFileDestination), on
 * every redirect too, and the size limit is enforced before and during the download.
 */
export async function downloadSlackFile(
  client: webApi.WebClient,
  botToken: string,
  fileId: string,
  options: { destination: Destination; log: Logger; timeoutMs?: number },
): Promise<DownloadedFile> {
  const { file } = await client.files.info({ file: fileId });
  const url = file?.url_private_download ?? file?.url_private;
  const name = file?.name ?? `${fileId}`;
  if (!file || !url) throw unreadable(name, "Slack did not give me a download link for it");
  if ((file.size ?? 0) > MAX_MATERIAL_BYTES) {
    throw materialTooLarge({ what: name, bytes: file.size ?? 0, reason: "shared file over the size limit" });
  }
  const download = await downloadFile(url, {
    maxBytes: MAX_MATERIAL_BYTES,
    timeoutMs: options.timeoutMs ?? 60_000,
    destination: options.destination,
    headers: { authorization: `Bearer ${botToken}` },
    naming: { what: name, source: "Slack" },
    log: options.log,
  });
  // Without access Slack answers with its login page instead of the file.
  if (download.contentType?.startsWith("text/html") && !file.mimetype?.startsWith("text/html")) {
    throw unreadable(name, "Slack answered with its sign-in page instead of the file");
  }
  return {
    data: download.data,
    name,
    title: file.title && file.title !== file.name ? file.title : undefined,
    mimetype: file.mimetype,
  };
}

/**
 * Where the bot token may go: Slack's file hosts, plus the host of a custom API URL (GovSlack, a proxy,
 * a test server), which the operator configured and which alone may be on a private address.
 */
export function slackFileDestination(apiUrl: string | undefined): Destination {
  return platformFiles(SLACK_FILE_HOSTS, apiUrl);
}

function unreadable(name: string, why: string): AppError {
  return new AppError(ErrorCode.MaterialUnreadable, `download of ${name} failed: ${why}`, {
    userMessage: `I couldn't download ${name}: ${why}.`,
  });
}
