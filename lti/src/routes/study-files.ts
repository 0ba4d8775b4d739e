import type { ReplyFile } from "@studyhall/core";
import type { Response } from "express";

/**
 * Sends a file core made (a deck as .apkg, a study guide as .md or .pdf) as a download. The name goes
 * in both forms of Content-Disposition: plain ASCII for old clients, UTF-8 for the rest.
 */
export function sendReplyFile(res: Response, file: ReplyFile): void {
  const ascii = file.name.replace(/[^A-Za-z0-9._ -]/g, "_").slice(0, 120) || "download";
  res
    .status(200)
    .set({
      "Content-Type": file.mimeType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    })
    .send(Buffer.from(file.content));
}
