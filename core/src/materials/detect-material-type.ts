import type { MaterialType } from "../db/generated/enums.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

export interface MaterialHints {
  fileName?: string | null;
  contentType?: string | null;
}

const SUPPORTED = "Supported files are PDF, Word (.docx), Markdown, HTML or plain text.";
const IMAGE_MESSAGE =
  "Images are not supported yet. Upload a PDF with a text layer, or paste the text into a .txt or .md file.";

const IMAGE_EXTENSIONS = new Set("png jpg jpeg gif webp heic heif tif tiff bmp avif svg".split(" "));
const MARKDOWN_EXTENSIONS = new Set(["md", "markdown", "mdown", "mkd"]);
const HTML_EXTENSIONS = new Set(["html", "htm", "xhtml"]);
/** ISO-BMFF brands (bytes 8–11 after "ftyp") of HEIC/HEIF and AVIF still images. */
const IMAGE_BRANDS = new Set("heic heix hevc hevx heim heis mif1 msf1 avif avis".split(" "));

/**
 * Decides what kind of material a file is. The bytes win over the name (a PDF called "notes.txt" is a
 * PDF); the name and content type decide between the text formats. Throws `UnsupportedMaterial` with a
 * message saying what to upload instead for images, legacy Office files, other archives and binaries.
 */
export function detectMaterialType(data: Uint8Array, hints: MaterialHints): MaterialType {
  const extension = /\.([a-z0-9]+)$/i.exec(hints.fileName?.trim() ?? "")?.[1]?.toLowerCase() ?? "";
  const contentType = hints.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Node's "latin1" maps each byte to the code point of the same value (TextDecoder's is windows-1252).
  const head = bytes.subarray(0, 1024).toString("latin1");

  if (head.startsWith("%PDF-")) return "PDF";
  // Some producers put junk before the header; pdfjs copes, so trust it when the file says it is a PDF.
  if (head.includes("%PDF-") && (extension === "pdf" || contentType === "application/pdf")) return "PDF";
  if (head.startsWith("PK\x03\x04")) return detectZip(bytes, extension);
  if (isImage(head) || IMAGE_EXTENSIONS.has(extension) || contentType.startsWith("image/")) {
    throw unsupported("image", IMAGE_MESSAGE);
  }
  if (head.startsWith("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
    // The pre-2007 Office container; "doc" is by far the most common one to be uploaded.
    const message =
      extension === "doc"
        ? "Old Word (.doc) files are not supported. Open it in Word and save it as .docx, or export it as PDF."
        : `Older Office files (.${extension || "doc/.xls/.ppt"}) are not supported. ${SUPPORTED}`;
    throw unsupported("ole2", message);
  }
  // A file that claims to be a PDF or Word file but is not one goes to its extractor, which explains.
  if (extension === "pdf" || contentType === "application/pdf") return "PDF";
  if (extension === "docx") return "DOCX";

  const utf16 = head.startsWith("\xff\xfe") || head.startsWith("\xfe\xff");
  if (!utf16 && data.includes(0)) {
    // Text has no NUL bytes; executables, media and unknown binary formats do.
    throw unsupported("binary", `That file is not a document StudyHall can read. ${SUPPORTED}`);
  }

  if (MARKDOWN_EXTENSIONS.has(extension)) return "MARKDOWN";
  if (HTML_EXTENSIONS.has(extension)) return "HTML";
  if (extension === "txt" || extension === "text") return "TEXT";
  if (contentType === "text/markdown" || contentType === "text/x-markdown") return "MARKDOWN";
  if (contentType === "text/html" || contentType === "application/xhtml+xml") return "HTML";
  if (/^(?:\xef\xbb\xbf)?\s*(?:<!doctype html|<html[\s>])/i.test(head)) return "HTML";
  if (utf16 || isUtf8(data)) return "TEXT";
  throw unsupported("binary", `That file is not a document StudyHall can read. ${SUPPORTED}`);
}

/** .docx, .xlsx, .pptx, .odt and .epub are all ZIP files; the entry names stored in the clear tell them apart. */
function detectZip(bytes: Buffer, extension: string): MaterialType {
  const contains = (entryName: string) => bytes.includes(entryName, 0, "latin1");
  if (contains("word/document.xml")) return "DOCX";
  if (contains("ppt/presentation.xml") || extension === "pptx") {
    throw unsupported(
      "pptx",
      `PowerPoint files are not supported yet. Export the slides as PDF and upload that. ${SUPPORTED}`,
    );
  }
  if (contains("xl/workbook.xml") || extension === "xlsx") {
    throw unsupported("xlsx", `Spreadsheets are not supported. ${SUPPORTED}`);
  }
  if (contains("application/vnd.oasis.opendocument")) {
    throw unsupported(
      "opendocument",
      `OpenDocument files are not supported. Save it as .docx or PDF. ${SUPPORTED}`,
    );
  }
  throw unsupported(
    "zip",
    `ZIP archives are not supported; upload the documents inside one by one. ${SUPPORTED}`,
  );
}

function isImage(head: string): boolean {
  return (
    head.startsWith("\x89PNG\r\n\x1a\n") ||
    head.startsWith("\xff\xd8\xff") ||
    head.startsWith("GIF87a") ||
    head.startsWith("GIF89a") ||
    (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") ||
    head.startsWith("II*\x00") ||
    head.startsWith("MM\x00*") ||
    (head.slice(4, 8) === "ftyp" && IMAGE_BRANDS.has(head.slice(8, 12)))
  );
}

function isUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

function unsupported(kind: string, userMessage: string): AppError {
  return new AppError(ErrorCode.UnsupportedMaterial, `Unsupported material: ${kind}`, {
    userMessage,
    details: { kind },
  });
}
