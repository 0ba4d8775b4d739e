// "What is due now" for 1,000 students with 20,000 cards each (20 million CardState rows): core's
// nextDueCard and dueCounts (the calls behind `review` in a DM, every course of the person) for random
// students at one fixed "now", beside the bare indexed queries for the same rows, interleaved in the same
// run on the same data. PGlite keeps its data in a directory on disk, as a deployment does (not in
// memory: 20 million rows and their indexes are several GB).
// Run alone: `npx tsx bench/flashcards-due.ts [--students 1000] [--cards 20000] [--targets pglite,postgres]`.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../core/src/db/migrate-database.ts";
import { type Database, openDatabase } from "../core/src/db/open-database.ts";
import { dueCounts, nextDueCard } from "../core/src/flashcards/review-queue.ts";
import { type BenchTarget, postgresTarget } from "./bench-database.ts";
import { percentile, random } from "./corpus.ts";
import {
  BENCH_TENANT,
  benchStudentExternalId,
  buildDueData,
  type DueDataBuild,
  type DueDataShape,
} from "./flashcards-due-data.ts";

type Latency = { p50: number; p95: number; p99: number };
export interface FlashcardsDueRun {
  database: string;
  students: number;
  cardsPerStudent: number;
  build: DueDataBuild;
  samples: number;
  /** Mean share of a sampled student's cards due at "now". */
  dueShare: number;
  nextDue: { core: Latency; bare: Latency; ratioP95: number };
  counts: { core: Latency; bare: Latency; ratioP95: number };
  /** Samples where core's card and counts were the bare queries' (must equal `samples`). */
  agreed: number;
  /** The bare query's plan (first line), to show it is one index range. */
  barePlan: string;
}

const NOW = new Date("2026-12-10T15:00:00.000Z");
const END_OF_DAY = new Date("2026-12-11T00:00:00.000Z");

/** PGlite with its data directory on disk (removed afterwards). */
function pgliteOnDisk(): BenchTarget & { cleanup(): Promise<void> } {
  let dir: string | undefined;
  return {
    label: "PGlite",
    async open() {
      dir = await mkdtemp(path.join(os.tmpdir(), "studyhall-bench-due-"));
      const db = await openDatabase({ kind: "pglite", dataDir: dir });
      await migrateDatabase(db, path.resolve(import.meta.dirname, "..", "prisma", "migrations"));
      return db;
    },
    async cleanup() {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function benchFlashcardsDue(
  options: {
    targets?: string;
    students?: number;
    cardsPerStudent?: number;
    samples?: number;
    log?: (line: string) => void;
  } = {},
): Promise<FlashcardsDueRun[]> {
  const log = options.log ?? (() => {});
  const shape: DueDataShape = {
    students: options.students ?? 1000,
    cardsPerStudent: options.cardsPerStudent ?? 20_000,
    courses: 4,
    studentsPerBatch: 50,
    now: NOW,
  };
  const runs: FlashcardsDueRun[] = [];
  for (const name of (options.targets ?? "pglite,postgres").split(",")) {
    const url = process.env.BENCH_DATABASE_URL;
    if (name === "postgres" && !url) {
      log("flashcards due: postgres skipped (set BENCH_DATABASE_URL)");
      continue;
    }
    const target = name === "postgres" ? postgresTarget(url!) : pgliteOnDisk();
    log(`flashcards due: ${target.label}, ${shape.students} students × ${shape.cardsPerStudent} cards`);
    const database = await target.open("flashcards_due");
    try {
      const build = await buildDueData(database, shape, log);
      log(`  built ${build.rows} CardState rows in ${build.totalS} s`);
      runs.push(await measure(database, target.label, shape, build, options.samples ?? 1000));
      log(`  ${JSON.stringify(runs.at(-1))}`);
    } finally {
      await database.close();
      if ("cleanup" in target) await (target as { cleanup(): Promise<void> }).cleanup();
    }
  }
  return runs;
}

async function measure(
  database: Database,
  label: string,
  shape: DueDataShape,
  build: DueDataBuild,
  samples: number,
): Promise<FlashcardsDueRun> {
  const db = database.prisma;
  const identities = await db.identity.findMany({
    where: { tenant: BENCH_TENANT },
    select: { externalId: true, userId: true },
  });
  const userOf = new Map(identities.map((i) => [i.externalId, i.userId]));
  const bareNext = (userId: string) =>
    db.$queryRaw<Array<{ cardId: string }>>`
      SELECT "cardId", "due" FROM "CardState" WHERE "userId" = ${userId}::uuid AND "due" <= ${NOW}
      ORDER BY "due" LIMIT 1`;
  const bareCounts = (userId: string) =>
    db.$queryRaw<Array<{ dueNow: number; dueToday: number }>>`
      SELECT count(*) FILTER (WHERE "due" <= ${NOW})::int AS "dueNow", count(*)::int AS "dueToday"
      FROM "CardState" WHERE "userId" = ${userId}::uuid AND "due" < ${END_OF_DAY}`;
  const plan = await db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
    `EXPLAIN SELECT "cardId", "due" FROM "CardState" WHERE "userId" = $1::uuid AND "due" <= $2 ORDER BY "due" LIMIT 1`,
    identities[0]!.userId,
    NOW,
  );
  const times = {
    coreNext: [] as number[],
    bareNext: [] as number[],
    coreCounts: [] as number[],
    bareCounts: [] as number[],
  };
  const rng = random(7);
  const warmup = Math.min(100, samples);
  let agreed = 0;
  let dueShare = 0;
  for (let i = 0; i < warmup + samples; i++) {
    const externalId = benchStudentExternalId(1 + Math.floor(rng() * shape.students));
    const userId = userOf.get(externalId)!;
    const actor = { platform: "SLACK" as const, tenant: BENCH_TENANT, externalId };
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const began = performance.now();
      const value = await fn();
      return [value, performance.now() - began];
    };
    // Alternate which side goes first, so caching by the first of a pair favours neither.
    const coreFirst = i % 2 === 0;
    let bare1: Awaited<ReturnType<typeof bareNext>> = [];
    let bare2: Awaited<ReturnType<typeof bareCounts>> = [];
    if (!coreFirst) {
      const [rows, ms] = await timed(() => bareNext(userId));
      bare1 = rows;
      if (i >= warmup) times.bareNext.push(ms);
    }
    const [card, coreNextMs] = await timed(() => nextDueCard(db, { actor, courseId: null, now: NOW }));
    if (coreFirst) {
      const [rows, ms] = await timed(() => bareNext(userId));
      bare1 = rows;
      if (i >= warmup) times.bareNext.push(ms);
    }
    if (!coreFirst) {
      const [rows, ms] = await timed(() => bareCounts(userId));
      bare2 = rows;
      if (i >= warmup) times.bareCounts.push(ms);
    }
    const [counts, coreCountsMs] = await timed(() => dueCounts(db, { actor, courseId: null, now: NOW }));
    if (coreFirst) {
      const [rows, ms] = await timed(() => bareCounts(userId));
      bare2 = rows;
      if (i >= warmup) times.bareCounts.push(ms);
    }
    if (i < warmup) continue;
    times.coreNext.push(coreNextMs);
    times.coreCounts.push(coreCountsMs);
    dueShare += counts.dueNow / shape.cardsPerStudent;
    if (
      card?.cardId === bare1[0]?.cardId &&
      counts.dueNow === bare2[0]?.dueNow &&
      counts.dueToday === bare2[0]?.dueToday
    )
      agreed++;
  }
  const lat = (ms: number[]): Latency => ({
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
  });
  const pair = (core: number[], bare: number[]) => {
    const c = lat(core);
    const b = lat(bare);
    return { core: c, bare: b, ratioP95: round(c.p95 / b.p95) };
  };
  return {
    database: label,
    students: shape.students,
    cardsPerStudent: shape.cardsPerStudent,
    build,
    samples,
    dueShare: Math.round((dueShare / samples) * 10_000) / 10_000,
    nextDue: pair(times.coreNext, times.bareNext),
    counts: pair(times.coreCounts, times.bareCounts),
    agreed,
    barePlan: plan.map((p) => p["QUERY PLAN"].trim()).join(" / "),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The runs as a markdown table. */
export function flashcardsDueTable(runs: FlashcardsDueRun[]): string {
  const f = (l: Latency) => `${l.p50} / ${l.p95} / ${l.p99}`;
  const rows = runs.map((r) =>
    [
      r.database,
      `${(r.build.rows / 1e6).toFixed(1)} M`,
      `${r.build.totalS} s`,
      `${(r.dueShare * 100).toFixed(1)}%`,
      f(r.nextDue.core),
      f(r.nextDue.bare),
      `${r.nextDue.ratioP95}×`,
      f(r.counts.core),
      f(r.counts.bare),
      `${r.counts.ratioP95}×`,
      `${r.agreed} / ${r.samples}`,
    ].join(" | "),
  );
  return [
    "| Database | CardState rows | Build | Due now | nextDueCard p50 / p95 / p99 (ms) | Bare first-due p50 / p95 / p99 | Ratio (p95) | dueCounts p50 / p95 / p99 | Bare count p50 / p95 / p99 | Ratio (p95) | Agreed |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      students: { type: "string" },
      cards: { type: "string" },
      samples: { type: "string" },
      targets: { type: "string" },
    },
  });
  const runs = await benchFlashcardsDue({
    ...(values.targets ? { targets: values.targets } : {}),
    ...(values.students ? { students: Number(values.students) } : {}),
    ...(values.cards ? { cardsPerStudent: Number(values.cards) } : {}),
    ...(values.samples ? { samples: Number(values.samples) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(flashcardsDueTable(runs));
  console.log(JSON.stringify(runs, null, 2));
}
