import type { webApi } from "@slack/bolt";
import { AppError, ErrorCode, formatBytes, MAX_MATERIAL_BYTES } from "@studyhall/core";

export interface DownloadedFile {
  data: Uint8Array;
  name: string;
  title: string | undefined;
  mimetype: string | undefined;
}

/**
 * Downloads a file shared with the app: `files.info` for its private URL, then the bytes with the bot
 * token. The token is only ever sent to Slack's own file hosts (or the configured API host), and the
 * size limit is enforced before and during the download.
 */
export async function downloadSlackFile(
  client: webApi.WebClient,
  botToken: string,
  fileId: string,
  options: { allowedHosts: ReadonlyArray<string>; timeoutMs?: number },
): Promise<DownloadedFile> {
  const { file } = await client.files.info({ file: fileId });
  const url = file?.url_private_download ?? file?.url_private;
  const name = file?.name ?? `${fileId}`;
  if (!file || !url) throw unreadable(name, "Slack did not give me a download link for it");
  if ((file.size ?? 0) > MAX_MATERIAL_BYTES) throw tooLarge(name, file.size ?? 0);
  const target = new URL(url);
  if (!isAllowedHost(target.hostname, options.allowedHosts)) {
    throw new AppError(ErrorCode.MaterialUnreadable, `refusing to send the bot token to ${target.host}`, {
      userMessage: `I can't download ${name} from where Slack says it is.`,
    });
  }
  const response = await fetch(target, {
    headers: { authorization: `Bearer ${botToken}` },
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const type = response.headers.get("content-type") ?? "";
  // Without access Slack answers with its login page instead of the file.
  if (!response.ok || (type.startsWith("text/html") && !file.mimetype?.startsWith("text/html"))) {
    throw unreadable(name, `Slack answered ${response.status} to the download`);
  }
  return {
    data: await readLimited(response, name),
    name,
    title: file.title && file.title !== file.name ? file.title : undefined,
    mimetype: file.mimetype,
  };
}

/** Slack file hosts, plus the host of a custom API URL (GovSlack, a proxy, a test server). */
export function slackFileHosts(apiUrl: string | undefined): string[] {
  const hosts = ["files.slack.com", "slack.com", "slack-gov.com", "files.slack-gov.com"];
  if (apiUrl) hosts.push(new URL(apiUrl).hostname);
  return hosts;
}

function isAllowedHost(hostname: string, allowed: ReadonlyArray<string>): boolean {
  return allowed.some((host) => hostname === host || hostname.endsWith(`.${host}`));
}

async function readLimited(response: Response, name: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  for await (const part of response.body) {
    total += part.byteLength;
    if (total > MAX_MATERIAL_BYTES) throw tooLarge(name, total);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function unreadable(name: string, why: string): AppError {
  return new AppError(ErrorCode.MaterialUnreadable, `download of ${name} failed: ${why}`, {
    userMessage: `I couldn't download ${name}: ${why}.`,
  });
}

function tooLarge(name: string, bytes: number): AppError {
  return new AppError(ErrorCode.MaterialTooLarge, "shared file over the size limit", {
    userMessage: `${name} is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_MATERIAL_BYTES)}. Split it into smaller parts.`,
  });
}
