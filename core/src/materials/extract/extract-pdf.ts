import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { AppError, ErrorCode, isAppError } from "../../errors/app-error.ts";
import type { ExtractedDocument, TextUnit } from "./extracted-document.ts";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/** The fields of a pdfjs text item that the layout needs (marked-content items have no `str`). */
interface PositionedText {
  str: string;
  /** [a, b, c, d, x, y]: y is the baseline in page units. */
  transform: number[];
  height: number;
  hasEOL: boolean;
}

/** A line gap this many times the font size reads as a new paragraph rather than a wrapped line. */
const PARAGRAPH_GAP = 1.6;

let pdfjs: Promise<PdfJs> | undefined;

/** pdfjs is large and polyfills canvas globals when loaded, so only processes that read a PDF load it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

/**
 * pdfjs needs the data of the 14 standard fonts (Helvetica, Times…) and of the predefined CJK CMaps to
 * map glyphs of fonts that are not embedded; without them it warns, and CJK text can come out empty.
 * In Node these are plain directory paths; the trailing slash is required.
 */
function pdfjsDataDirectories(): { standardFontDataUrl: string; cMapUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { standardFontDataUrl: `${join(root, "standard_fonts")}/`, cMapUrl: `${join(root, "cmaps")}/` };
}

/**
 * Reads a PDF's text layer: one unit per page (1-based), lines and paragraph breaks rebuilt from the
 * positions of the text runs, and the title from the document's metadata.
 */
export async function extractPdf(data: Uint8Array): Promise<ExtractedDocument> {
  const { getDocument } = await loadPdfJs();
  // pdfjs transfers (detaches) the buffer it is given and refuses Node Buffers, so it gets a plain copy.
  // In Node it runs its worker code in this thread (a "fake worker"); no worker file needs configuring.
  const task = getDocument({
    data: new Uint8Array(data),
    // No code generated from font data (the path of CVE-2024-4367); text extraction never needs it.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    // pdfjs reports recoverable flaws of a file with console.log; they are noise in our logs.
    verbosity: 0,
    ...pdfjsDataDirectories(),
  });
  try {
    const pdf = await task.promise;
    const units: TextUnit[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const items: PositionedText[] = content.items.filter((item) => "str" in item);
      units.push({ text: layOutPage(items), page: number, section: null });
      page.cleanup();
    }
    if (!units.some((unit) => unit.text !== "")) {
      throw new AppError(ErrorCode.MaterialUnreadable, "PDF has no text layer", {
        userMessage:
          "This PDF has no text layer (is it a scan?). Add OCR text to it, for example by exporting it again with text recognition, and upload it again.",
        details: { pageCount: pdf.numPages },
      });
    }
    return { units, pageCount: pdf.numPages, title: await readTitle(pdf) };
  } catch (error) {
    throw toAppError(error);
  } finally {
    await task.destroy();
  }
}

/** Rebuilds the page's text: runs on one baseline form a line; a wide line gap starts a paragraph. */
function layOutPage(items: PositionedText[]): string {
  let text = "";
  let last: { y: number; height: number } | null = null;
  let lineEnded = false;
  for (const item of items) {
    // Blank runs are spaces pdfjs inserted or bare line ends; their position can be the next line's, so
    // it must not move the baseline.
    if (!item.str.trim()) {
      text += item.str === "" ? "" : " ";
      lineEnded ||= item.hasEOL;
      continue;
    }
    const y = item.transform[5] ?? 0;
    if (last !== null) {
      const lineHeight = Math.max(item.height, last.height);
      const rise = Math.abs(y - last.y);
      if (lineEnded || rise > lineHeight / 2) {
        text += lineHeight > 0 && rise > PARAGRAPH_GAP * lineHeight ? "\n\n" : "\n";
      }
    }
    // Runs on one line are concatenated: pdfjs emits its own " " runs for gaps wider than about a tenth
    // of the font size, and a narrower gap is kerning inside a word.
    text += item.str;
    last = { y, height: item.height };
    lineEnded = item.hasEOL;
  }
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

async function readTitle(pdf: PdfDocument): Promise<string | null> {
  try {
    const { info, metadata } = await pdf.getMetadata();
    const infoTitle = (info as { Title?: unknown }).Title;
    const title = typeof infoTitle === "string" && infoTitle.trim() ? infoTitle : metadata?.get("dc:title");
    return typeof title === "string" && title.trim() ? title.trim() : null;
  } catch {
    return null; // a broken metadata dictionary should not cost us the text
  }
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const name = error instanceof Error ? error.name : undefined;
  if (name === "PasswordException") {
    return new AppError(ErrorCode.MaterialUnreadable, "PDF is password-protected", {
      userMessage: "This PDF is password-protected. Remove the password and upload it again.",
      cause: error,
    });
  }
  return new AppError(
    ErrorCode.MaterialUnreadable,
    `pdfjs could not open the PDF (${name ?? "unknown error"})`,
    {
      userMessage: "This PDF is damaged or not really a PDF; it could not be opened.",
      cause: error,
    },
  );
}
