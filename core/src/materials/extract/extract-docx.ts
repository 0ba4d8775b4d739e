import mammoth from "mammoth";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { extractHtml } from "./extract-html.ts";
import type { ExtractedDocument } from "./extracted-document.ts";

/** Pictures carry no text; an empty src spares mammoth base64-encoding every image into the HTML. */
const skipImages = mammoth.images.imgElement(async () => ({ src: "" }));

/**
 * Reads a Word (.docx) file. Mammoth turns Word's heading styles into <h1>…<h6>, so the HTML extractor
 * gives the same section paths as for a web page.
 */
export async function extractDocx(data: Uint8Array): Promise<ExtractedDocument> {
  let html: string;
  try {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // externalFileAccess stays off: a document must never make us read files linked from it.
    const result = await mammoth.convertToHtml(
      { buffer },
      { convertImage: skipImages, externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new AppError(ErrorCode.MaterialUnreadable, "mammoth could not open the .docx file", {
      userMessage: "This Word file is damaged and could not be opened.",
      cause: error,
    });
  }
  return extractHtml(html);
}
