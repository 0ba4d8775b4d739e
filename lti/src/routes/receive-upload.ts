import type { Readable } from "node:stream";
import { AppError, ErrorCode, materialTooLarge } from "@studyhall/core";
import busboy from "busboy";
import type { Request } from "express";

/** One uploaded file, whole, in memory: ingestion needs all of it (hashing, type sniffing, extraction). */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  data: Uint8Array;
}

export interface ReceivedUpload {
  /** The form's text fields that came before the file (the hidden ltik and CSRF token). */
  fields: Record<string, string>;
  file: UploadedFile | null;
}

/** Room the multipart framing and the hidden fields may take beyond the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Streams a multipart form through busboy and keeps at most `maxBytes` of its one file. A body that
 * says it is larger is refused before a byte is read; one that turns out larger is refused when the
 * limit is crossed (the part read so far is dropped), so nothing half-uploaded reaches ingestion.
 * `beforeFile` runs on the fields read so far when the file starts (the CSRF check): a form that
 * fails it is refused without reading the file.
 */
export function receiveUpload(
  req: Request,
  options: { maxBytes: number; beforeFile?: (fields: Record<string, string>) => void },
): Promise<ReceivedUpload> {
  const tooLarge = () =>
    materialTooLarge({ maxBytes: options.maxBytes, reason: "upload over the size limit" });
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > options.maxBytes + FORM_OVERHEAD_BYTES) return Promise.reject(tooLarge());
  if (!/^multipart\/form-data/i.test(req.headers["content-type"] ?? "")) {
    return Promise.reject(
      new AppError(ErrorCode.InvalidInput, "upload is not multipart", {
        userMessage: "Choose a file with the upload form and send it again.",
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // Read and drop the rest so the client gets our answer instead of a reset connection.
      req.resume();
      reject(error);
    };
    const parser = busboy({
      headers: req.headers,
      // Browsers send a file's name without its folders, so a "/" in it is part of the name ("Week 3/4
      // notes.pdf" on a Mac); busboy's default would keep only what follows the last one. The name is
      // only ever a title here, never a path.
      preservePath: true,
      limits: { files: 1, fields: 10, fieldSize: 8 * 1024, fileSize: options.maxBytes, parts: 12 },
    });
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (_name, stream: Readable & { truncated?: boolean }, info) => {
      if (failed || file) {
        stream.resume();
        return;
      }
      try {
        options.beforeFile?.(fields);
      } catch (error) {
        stream.resume();
        fail(error);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => {
        chunks.length = 0;
        fail(tooLarge());
      });
      stream.on("end", () => {
        if (failed || stream.truncated) return;
        file = {
          fileName: info.filename?.trim() || "upload",
          contentType: info.mimeType || "application/octet-stream",
          data: new Uint8Array(Buffer.concat(chunks)),
        };
      });
    });
    parser.on("error", (error) =>
      fail(
        new AppError(ErrorCode.InvalidInput, "unreadable multipart body", {
          userMessage: "The upload arrived incomplete. Try again.",
          cause: error,
        }),
      ),
    );
    parser.on("close", () => {
      if (!failed) resolve({ fields, file });
    });
    req.on("aborted", () => fail(new AppError(ErrorCode.InvalidInput, "upload aborted")));
    req.pipe(parser);
  });
}
