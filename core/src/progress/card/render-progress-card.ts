// The progress card as a PNG for chat platforms, which show pictures but not SVG. resvg-js renders
// it in native code off the event loop. Servers and CI machines have no system fonts, so the font
// comes with a package: Liberation Sans, which pdfjs-dist (already here to read PDFs) ships for PDFs'
// standard fonts. Its small files matter: resvg-js 2.6 reads a font file again for every glyph it
// draws (thx/resvg-js#367), and DejaVu Sans (740 KB a face against Liberation's 140 KB) made the card's
// text three to four times slower.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { AppError } from "../../errors/app-error.ts";
import type { ProgressView } from "../progress-view.ts";
import { CARD_FONT_FAMILY, CARD_HEIGHT, CARD_WIDTH, progressCardSvg } from "./progress-card-svg.ts";

/**
 * Pixels per SVG unit. 1: chat clients show the card at 400 to 550 pixels wide anyway, and twice
 * the size took four times the pixels to draw and compress, well past the 50 ms a card may take.
 */
export const CARD_PNG_SCALE = 1;
/** The PNG's size in pixels. */
export const CARD_PNG_WIDTH = CARD_WIDTH * CARD_PNG_SCALE;
export const CARD_PNG_HEIGHT = CARD_HEIGHT * CARD_PNG_SCALE;

let fontFiles: string[] | undefined;

/**
 * The card's two font files (regular and bold), found once per process through the package, wherever
 * npm put it. Throws an AppError ("config") when they are missing, rather than drawing a card without
 * text.
 */
export function progressCardFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  const dir = join(
    dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
    "standard_fonts",
  );
  const files = ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"].map((file) => join(dir, file));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new AppError("config", "the progress card's font files are missing", { details: { missing } });
  fontFiles = files;
  return files;
}

/** The options of every render: only the card's fonts (searching system fonts is slow and differs by machine). */
export function progressCardRenderOptions(scale = CARD_PNG_SCALE): ResvgRenderOptions {
  return {
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: progressCardFontFiles(),
      defaultFontFamily: CARD_FONT_FAMILY,
      sansSerifFamily: CARD_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: "off",
  };
}

/**
 * The progress card ({@link progressCardSvg}) as PNG bytes, {@link CARD_PNG_WIDTH} by
 * {@link CARD_PNG_HEIGHT}. Rendering runs on libuv's thread pool, so a chat bot keeps answering
 * others meanwhile. Throws an AppError ("internal") when the renderer fails; callers can still send
 * the card's text fallback (`progressCardReply(view, null)`).
 */
export async function renderProgressCardPng(view: ProgressView): Promise<Uint8Array> {
  const options = progressCardRenderOptions();
  try {
    const image = await renderAsync(progressCardSvg(view), options);
    const png = image.asPng();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } catch (error) {
    throw new AppError("internal", "the progress card could not be rendered", {
      cause: error,
      details: { userId: view.userId },
    });
  }
}
