import type { MaterialFileContent } from "@studyhall/core";
import type { Response } from "express";

/** Types a browser shows as they are, without running anything from the file: no sandbox needed. */
const VIEWABLE_WITHOUT_SANDBOX = /^(application\/pdf|image\/(png|jpeg|gif|webp|avif))(;|$)/;

/** Longest file name put in a header; the rest is dropped before the extension. */
const MAX_HEADER_NAME = 150;

/**
 * Sends a material's original as it was uploaded: its detected type, shown inline under a safe name,
 * never sniffed into another type, and, unless it is a PDF or an image, sandboxed so an HTML or SVG
 * file cannot run script or reach the tool's origin. The URL carries the session's ltik, so nothing
 * may keep it.
 */
export function sendOriginalFile(res: Response, file: MaterialFileContent): void {
  res.status(200).set({
    "Content-Type": file.contentType,
    "Content-Length": String(file.data.byteLength),
    "Content-Disposition": contentDisposition(file.fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    ...(VIEWABLE_WITHOUT_SANDBOX.test(file.contentType)
      ? {}
      : {
          "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        }),
  });
  res.end(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
}

/**
 * `inline` with the file's name twice: an ASCII stand-in for old clients and the exact name as RFC 5987
 * `filename*` (UTF-8, percent-encoded). Path separators, quotes and control characters never reach the
 * header: "week 3/notes.pdf" is offered as "week 3_notes.pdf".
 */
export function contentDisposition(fileName: string): string {
  const name = safeFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function safeFileName(fileName: string): string {
  const cleaned = fileName
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f/\\]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const name = cleaned || "material";
  if (name.length <= MAX_HEADER_NAME) return name;
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? "";
  return name.slice(0, MAX_HEADER_NAME - extension.length) + extension;
}

/** encodeURIComponent, also encoding the characters RFC 5987's attr-char leaves out: ' ( ) * */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
