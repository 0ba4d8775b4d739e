import { AppError, ErrorCode } from "../errors/app-error.ts";

/** Largest file StudyHall ingests. */
export const MAX_MATERIAL_BYTES = 50 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface TooLargeOptions {
  /** How the file is named at the start of the sentence: "That file" (the default), "notes.pdf". */
  what?: string;
  /** Its size when known: declared by its source, or counted whole. A stream cut off at the limit does not know it. */
  bytes?: number;
  /** The limit it is over: {@link MAX_MATERIAL_BYTES} by default. */
  maxBytes?: number;
  /** For the log: where it was found too large ("upload over the size limit"). */
  reason: string;
}

/**
 * The one refusal of a file over the size limit, worded the same wherever it is found (a Slack file, a
 * Discord attachment, an LMS upload, a download, ingestion), with the limit and what to do about it.
 */
export function materialTooLarge(options: TooLargeOptions): AppError {
  const what = options.what ?? "That file";
  const maxBytes = options.maxBytes ?? MAX_MATERIAL_BYTES;
  const limit = formatBytes(maxBytes);
  const size = options.bytes === undefined ? limit : formatBytes(options.bytes);
  // Just over the limit reads as the limit itself ("50.0 MB; up to 50.0 MB"): then only the limit is said.
  const said =
    size === limit
      ? `is larger than ${limit}, the most StudyHall takes`
      : `is ${size}; StudyHall takes files up to ${limit}`;
  return new AppError(ErrorCode.MaterialTooLarge, options.reason, {
    userMessage: `${what} ${said}. Split it into smaller parts.`,
    details: { ...(options.bytes === undefined ? {} : { bytes: options.bytes }), maxBytes },
  });
}
