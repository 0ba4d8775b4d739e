import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sampleProgressView } from "../../../../test/support/progress-view-fixture.ts";
import { CARD_PNG_HEIGHT, CARD_PNG_WIDTH, renderProgressCardPng } from "./render-progress-card.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The IHDR chunk's fields: the first chunk of every PNG, right after the signature. */
function readIhdr(png: Uint8Array): { width: number; height: number; bitDepth: number; colourType: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: png[24]!, colourType: png[25]! };
}

/** Every IDAT chunk's data, inflated: the image's filtered scanlines. */
function scanlines(png: Uint8Array): Buffer {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at < png.byteLength; ) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    if (type === "IDAT") parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(parts));
}

describe("renderProgressCardPng", () => {
  it("renders a PNG of the card at its size", async () => {
    const png = await renderProgressCardPng(sampleProgressView());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const ihdr = readIhdr(png);
    expect(ihdr).toMatchObject({ width: CARD_PNG_WIDTH, height: CARD_PNG_HEIGHT, bitDepth: 8 });
    expect([CARD_PNG_WIDTH, CARD_PNG_HEIGHT]).toEqual([800, 420]);
    // RGBA: one filter byte, then 4 bytes a pixel, on every row.
    expect(ihdr.colourType).toBe(6);
    expect(scanlines(png).byteLength).toBe(CARD_PNG_HEIGHT * (1 + CARD_PNG_WIDTH * 4));
  });

  it("draws the text with the packaged font: two names give two different pictures", async () => {
    // Without a font resvg drops text silently, and both cards would be the same bars.
    const a = scanlines(await renderProgressCardPng(sampleProgressView({ displayName: "Ada Lovelace" })));
    const b = scanlines(await renderProgressCardPng(sampleProgressView({ displayName: "Grace Hopper" })));
    expect(a.equals(b)).toBe(false);
  });

  it("renders a card whose name and topics are hostile markup", async () => {
    const hostile = `</text><svg onload="x()">&amp; \u0000 ${"W".repeat(200)}`;
    const png = await renderProgressCardPng(
      sampleProgressView({
        displayName: hostile,
        skills: [{ topic: hostile, mastery: 1.4, attempts: 1, lastAt: "2027-03-13T10:00:00.000Z" }],
      }),
    );
    expect(readIhdr(png)).toMatchObject({ width: CARD_PNG_WIDTH, height: CARD_PNG_HEIGHT });
  });
});
