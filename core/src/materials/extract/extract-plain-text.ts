import type { ExtractedDocument, TextUnit } from "./extracted-document.ts";

/**
 * Decodes the bytes of a text file. UTF-8 (with or without a BOM) is the norm; a UTF-16 BOM (Windows
 * "Unicode" text) is honoured; anything that is not valid UTF-8 is read as Windows-1252, the usual
 * legacy encoding of files that are not UTF-8, so an old file still gives readable text.
 */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  try {
    // The UTF-8 decoder drops a leading BOM by default.
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    // WHATWG "latin1" is windows-1252, a superset of ISO-8859-1 for the printable range.
    return new TextDecoder("latin1").decode(data);
  }
}

/** Unix line ends only, so later steps split paragraphs on "\n\n" alone. */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * One unit for the whole text, or one per page when the text has form feeds (as `pdftotext` and old
 * line-printer files write them), so citations can still say "p. 3".
 */
export function extractPlainText(text: string): ExtractedDocument {
  const normalized = normalizeLineEnds(text);
  if (!normalized.includes("\f")) {
    return { units: [{ text: normalized.trim(), page: null, section: null }], pageCount: null, title: null };
  }
  const parts = normalized.split("\f");
  // A form feed at the very end closes the last page; it does not open an empty one.
  if (parts.length > 1 && parts.at(-1)?.trim() === "") parts.pop();
  const units: TextUnit[] = parts.map((part, index) => ({
    text: part.trim(),
    page: index + 1,
    section: null,
  }));
  return { units, pageCount: parts.length, title: null };
}
