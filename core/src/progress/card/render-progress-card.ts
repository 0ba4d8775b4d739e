// The progress card as a PNG for chat platforms, which show pictures but not SVG. resvg-js renders
// it in native code off the event loop; the font is DejaVu Sans from its npm package, because servers
// and CI machines have no system fonts and a card without text would say nothing.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { AppError } from "../../errors/app-error.ts";
import type { ProgressView } from "../progress-view.ts";
import { CARD_FONT_FAMILY, CARD_HEIGHT, CARD_WIDTH, progressCardSvg } from "./progress-card-svg.ts";

/** Pixels per SVG unit: twice the card's size, so it stays sharp on high-density screens. */
export const CARD_PNG_SCALE = 2;
/** The PNG's size in pixels. */
export const CARD_PNG_WIDTH = CARD_WIDTH * CARD_PNG_SCALE;
export const CARD_PNG_HEIGHT = CARD_HEIGHT * CARD_PNG_SCALE;

let renderOptions: ResvgRenderOptions | undefined;

/**
 * The options every render uses, worked out once per process: where the two font files are (found
 * through the package, wherever npm put it) and that no system font is searched, which is both slower
 * and different from one machine to the next.
 */
function cardRenderOptions(): ResvgRenderOptions {
  if (renderOptions) return renderOptions;
  const fonts = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
  const fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) => join(fonts, file));
  const missing = fontFiles.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new AppError("config", "the progress card's font files are missing", { details: { missing } });
  renderOptions = {
    fitTo: { mode: "zoom", value: CARD_PNG_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: CARD_FONT_FAMILY,
      sansSerifFamily: CARD_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: "off",
  };
  return renderOptions;
}

/**
 * The progress card ({@link progressCardSvg}) as PNG bytes, {@link CARD_PNG_WIDTH} by
 * {@link CARD_PNG_HEIGHT}. Rendering runs on libuv's thread pool, so a chat bot keeps answering
 * others meanwhile. Throws an AppError ("internal") when the renderer fails; callers can still send
 * the card's text fallback.
 */
export async function renderProgressCardPng(view: ProgressView): Promise<Uint8Array> {
  const options = cardRenderOptions();
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
