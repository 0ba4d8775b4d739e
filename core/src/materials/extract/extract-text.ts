import type { MaterialType } from "../../db/generated/enums.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { extractDocx } from "./extract-docx.ts";
import { extractHtml } from "./extract-html.ts";
import { extractMarkdown } from "./extract-markdown.ts";
import { extractPdf } from "./extract-pdf.ts";
import { decodeText, extractPlainText } from "./extract-plain-text.ts";
import type { ExtractedDocument } from "./extracted-document.ts";

/**
 * Extracts the text of a file of a known type (see `detectMaterialType`) as units anchored to pages or
 * heading sections. Empty units are dropped; a file with no text at all is refused with a message the
 * uploader can act on.
 */
export async function extractText(type: MaterialType, data: Uint8Array): Promise<ExtractedDocument> {
  const document = await extractByType(type, data);
  const units = document.units.filter((unit) => unit.text.trim() !== "");
  if (units.length === 0) {
    throw new AppError(ErrorCode.MaterialUnreadable, `${type} file has no text`, {
      userMessage: "The file has no text to learn from.",
      details: { type },
    });
  }
  return { ...document, units };
}

function extractByType(type: MaterialType, data: Uint8Array): Promise<ExtractedDocument> | ExtractedDocument {
  switch (type) {
    case "PDF":
      return extractPdf(data);
    case "DOCX":
      return extractDocx(data);
    case "HTML":
      return extractHtml(decodeText(data));
    case "MARKDOWN":
      return extractMarkdown(decodeText(data));
    case "TEXT":
      return extractPlainText(decodeText(data));
  }
}
