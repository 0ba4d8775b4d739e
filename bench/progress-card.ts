// Rendering one /me progress card: renderProgressCardPng (SVG + resvg's PNG, what a chat reply waits
// for) beside progressCardSvg alone (the floor: building the string), the same card at 2x, and where a
// render's time goes. One card at a time, interleaved, in one process; memory before and after, and what
// the font costs: the first render in the process, and each render's font loading (resvg-js keeps no
// font database between renders).
// Run alone: `node --expose-gc --import tsx bench/progress-card.ts [--renders 500]`.
import os from "node:os";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sampleProgressView } from "../test/support/progress-view-fixture.ts";
import { percentile } from "./corpus.ts";

type Latency = { p50: number; p95: number; p99: number; max: number };
type Memory = { rssMiB: number; heapUsedMiB: number; externalMiB: number };

export interface ProgressCardRun {
  renders: number;
  pngBytes: number;
  /** renderProgressCardPng: progressCardSvg + resvg's PNG at 1x (800x420), as /me does. */
  cardPng: Latency;
  /** progressCardSvg alone: the floor. */
  svgOnly: Latency;
  /** The same card at 2x (1600x840), to show what a sharper picture would cost. */
  cardPng2x: Latency;
  /** Where a 1x render's time goes: text laid out as paths (parsing), drawing, PNG encoding. */
  parts: { parse: Latency; draw: Latency; encode: Latency };
  /** Loading the renderer's module and native binding, and the first render in the process. */
  cold: { importMs: number; firstRenderMs: number };
  /** A one-rectangle SVG rendered with and without the two font files: what loading them costs a render. */
  fontLoad: { withFonts: Latency; withoutFonts: Latency };
  /**
   * The process at start; before and after `renders` cards alone (the /me path); and at the end, after
   * the comparison renders too, with and without a garbage collection (null without --expose-gc).
   */
  memory: { start: Memory; cardsBefore: Memory; cardsAfter: Memory; end: Memory; endAfterGc: Memory | null };
  loadAverage: [number, number];
}

const MiB = 2 ** 20;
const round = (n: number) => Math.round(n * 100) / 100;

function latency(samples: number[]): Latency {
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
  };
}

function memory(): Memory {
  const m = process.memoryUsage();
  return {
    rssMiB: round(m.rss / MiB),
    heapUsedMiB: round(m.heapUsed / MiB),
    externalMiB: round(m.external / MiB),
  };
}

async function time(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchProgressCard(
  options: { renders?: number; log?: (line: string) => void } = {},
): Promise<ProgressCardRun> {
  const renders = options.renders ?? 500;
  const log = options.log ?? (() => {});
  const before = memory();
  const loadStart = os.loadavg()[0]!;

  const importStart = performance.now();
  const card = await import("../core/src/progress/card/render-progress-card.ts");
  const { progressCardSvg } = await import("../core/src/progress/card/progress-card-svg.ts");
  const { Resvg, renderAsync } = await import("@resvg/resvg-js");
  const importMs = performance.now() - importStart;
  const firstRenderMs = await time(() => card.renderProgressCardPng(sampleProgressView()));

  const render1x = card.progressCardRenderOptions();
  const options2x = card.progressCardRenderOptions(2);
  const noFonts = { ...render1x, font: { loadSystemFonts: false } };
  const tiny = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#1d4ed8"/></svg>`;

  // Memory of the /me path alone first: the comparison renders below (2x pictures) grow the native heap more.
  const cardOnlyBefore = memory();
  for (let i = 0; i < renders; i++)
    await card.renderProgressCardPng(sampleProgressView({ displayName: `Memory ${i}` }));
  const cardOnlyAfter = memory();

  const names = [
    "cardPng",
    "svgOnly",
    "cardPng2x",
    "parse",
    "draw",
    "encode",
    "withFonts",
    "withoutFonts",
  ] as const;
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
    (typeof names)[number],
    number[]
  >;
  let pngBytes = 0;
  const warmUp = 20;
  log(`progress card: ${warmUp} warm-up renders, then ${renders} of each kind, interleaved`);
  for (let i = 0; i < warmUp + renders; i++) {
    // A different name each time, so nothing could be served from a cache of the last string.
    const view = sampleProgressView({ displayName: `Student ${i} Lovelace` });
    const round: Partial<Record<(typeof names)[number], number>> = {};
    round.cardPng = await time(async () => {
      pngBytes = (await card.renderProgressCardPng(view)).byteLength;
    });
    round.svgOnly = await time(() => progressCardSvg(view));
    round.cardPng2x = await time(async () => (await renderAsync(progressCardSvg(view), options2x)).asPng());
    const svg = progressCardSvg(view);
    let resvg: InstanceType<typeof Resvg> | undefined;
    round.parse = await time(() => {
      resvg = new Resvg(svg, render1x);
    });
    let image: ReturnType<InstanceType<typeof Resvg>["render"]> | undefined;
    round.draw = await time(() => {
      image = resvg!.render();
    });
    round.encode = await time(() => image!.asPng());
    round.withFonts = await time(async () => (await renderAsync(tiny, render1x)).asPng());
    round.withoutFonts = await time(async () => (await renderAsync(tiny, noFonts)).asPng());
    if (i < warmUp) continue;
    for (const n of names) samples[n].push(round[n]!);
  }
  const after = memory();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return {
    renders,
    pngBytes,
    cardPng: latency(samples.cardPng),
    svgOnly: latency(samples.svgOnly),
    cardPng2x: latency(samples.cardPng2x),
    parts: { parse: latency(samples.parse), draw: latency(samples.draw), encode: latency(samples.encode) },
    cold: { importMs: round(importMs), firstRenderMs: round(firstRenderMs) },
    fontLoad: { withFonts: latency(samples.withFonts), withoutFonts: latency(samples.withoutFonts) },
    memory: {
      start: before,
      cardsBefore: cardOnlyBefore,
      cardsAfter: cardOnlyAfter,
      end: after,
      endAfterGc: gc ? memory() : null,
    },
    loadAverage: [round(loadStart), round(os.loadavg()[0]!)],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { renders: { type: "string", default: "500" } } });
  const run = await benchProgressCard({
    renders: Number(values.renders),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(JSON.stringify(run, null, 2));
}
