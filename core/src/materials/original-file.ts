import type { MaterialType } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** What each kind of material is served as. Text formats get a charset only when their bytes are UTF-8. */
const CONTENT_TYPES: Record<MaterialType, string> = {
  PDF: "application/pdf",
  DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  MARKDOWN: "text/markdown",
  HTML: "text/html",
  TEXT: "text/plain",
};

const EXTENSIONS: Record<MaterialType, string> = {
  PDF: "pdf",
  DOCX: "docx",
  MARKDOWN: "md",
  HTML: "html",
  TEXT: "txt",
};

/**
 * The Content-Type an original is stored and served with, from the type StudyHall detected (the
 * uploader's claimed type is never repeated back). A text file that is valid UTF-8 without a byte order
 * mark says so; otherwise the browser reads the mark or guesses, as it would for the file on disk.
 */
export function originalContentType(type: MaterialType, data: Uint8Array): string {
  const base = CONTENT_TYPES[type];
  if (!base.startsWith("text/")) return base;
  return isPlainUtf8(data) ? `${base}; charset=utf-8` : base;
}

/**
 * The name an original is kept under: the uploaded file's name, else the last part of the address it was
 * fetched from, else "material.<ext>". Front ends make it safe for a header; this only picks it.
 */
export function originalFileName(
  type: MaterialType,
  source: { fileName?: string | null | undefined; sourceUrl?: string | null | undefined },
): string {
  const fromUrl = source.sourceUrl ? lastPathSegment(source.sourceUrl) : null;
  const name = source.fileName?.trim() || fromUrl || `material.${EXTENSIONS[type]}`;
  return name.slice(0, 255);
}

/**
 * Keeps (or replaces, when a failed ingestion of the same file is retried) the original of a material,
 * inside the transaction that makes it READY, so a material is never searchable without its original
 * and a failed one keeps no file.
 */
export async function saveOriginalFile(
  tx: Tx,
  file: { materialId: string; type: MaterialType; data: Uint8Array; fileName: string },
): Promise<void> {
  const fields = {
    contentType: originalContentType(file.type, file.data),
    fileName: file.fileName,
    sizeBytes: file.data.byteLength,
    data: Uint8Array.from(file.data),
  };
  await tx.materialFile.upsert({
    where: { materialId: file.materialId },
    create: { materialId: file.materialId, ...fields },
    update: fields,
  });
}

function lastPathSegment(url: string): string | null {
  try {
    const segment = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return segment ? decodeURIComponent(segment) : null;
  } catch {
    return null;
  }
}

function isPlainUtf8(data: Uint8Array): boolean {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return false;
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
