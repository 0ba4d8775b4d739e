import { AppError, ErrorCode, formatBytes } from "@studyhall/core";

/**
 * Downloads a Discord attachment (its URL comes from the interaction Discord sent us), refusing more
 * than `maxBytes` while reading so a wrong size in the payload cannot make us buffer a huge file.
 */
export async function downloadAttachment(
  url: string,
  maxBytes: number,
  timeoutMs = 60_000,
): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(url)) {
    throw new AppError(ErrorCode.InvalidInput, "attachment url is not http(s)", {
      userMessage: "That attachment could not be read.",
    });
  }
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    throw new AppError(ErrorCode.MaterialUnreadable, `attachment download failed: HTTP ${response.status}`, {
      userMessage: "Discord did not hand over the file. Please try again.",
    });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new AppError(ErrorCode.MaterialTooLarge, "attachment larger than the limit", {
        userMessage: `That file is larger than ${formatBytes(maxBytes)}, the most StudyHall takes.`,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
