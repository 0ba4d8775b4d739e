import {
  type Destination,
  downloadFile,
  type Logger,
  MAX_MATERIAL_BYTES,
  platformFiles,
} from "@studyhall/core";

/** Discord's attachment hosts: the CDN and the media proxy. */
const DISCORD_FILE_HOSTS = ["cdn.discordapp.com", "media.discordapp.net"];

/**
 * Where attachments may be downloaded from: Discord's own hosts, plus the host of a configured REST
 * base URL (a shared REST proxy, a test server), which the operator chose and which alone may be on a
 * private address.
 */
export function discordFileDestination(apiUrl: string | undefined): Destination {
  return platformFiles(DISCORD_FILE_HOSTS, apiUrl);
}

/**
 * Downloads a Discord attachment (its URL comes from the interaction Discord sent us) through core's
 * downloadFile, from Discord's hosts only and refusing more than the material limit while reading, so
 * a wrong size in the payload cannot make us buffer a huge file.
 */
export async function downloadAttachment(
  attachment: { url: string; name: string },
  options: { destination: Destination; log: Logger; timeoutMs?: number },
): Promise<Uint8Array> {
  const file = await downloadFile(attachment.url, {
    maxBytes: MAX_MATERIAL_BYTES,
    timeoutMs: options.timeoutMs ?? 60_000,
    destination: options.destination,
    naming: { what: attachment.name, source: "Discord" },
    log: options.log,
  });
  return file.data;
}
