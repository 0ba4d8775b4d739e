// "What is due now" for 1,000 students with 20,000 cards each (20 million CardState rows): core's
// nextDueCard and dueCounts (the calls behind `review` in a DM, every course of the person) for random
// students at one fixed "now", beside the bare indexed queries for the same rows, interleaved in the same
// run on the same data. PGlite keeps its data in a directory on disk, as a deployment does (not in
// memory: 20 million rows and their indexes are several GB).
// Run alone: `npx tsx bench/flashcards-due.ts [--students 1000] [--cards 20000] [--targets pglite,postgres]
// [--pglite-dir DIR] [--reuse]` (--reuse measures data a run before built: Postgres's database is left in
// place until the next build, PGlite's only in a --pglite-dir).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../core/src/db/migrate-database.ts";
import { type Database, openDatabase } from "../core/src/db/open-database.ts";
import { dueCounts, firstDue, nextDueCard } from "../core/src/flashcards/review-queue.ts";
import { reviewScope } from "../core/src/flashcards/review-scope.ts";
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
  /** Null when the run measured data an earlier run built. */
  build: DueDataBuild | null;
  samples: number;
  /** Mean share of a sampled student's cards due at "now". */
  dueShare: number;
  nextDue: { core: Latency; bare: Latency; ratioP95: number };
  counts: { core: Latency; bare: Latency; ratioP95: number };
  /** Samples where core's card and counts were the bare queries' (must equal `samples`). */
  agreed: number;
  /**
   * Where core's time goes, over a second pass of random students: resolving the person and their
   * courses (reviewScope: the identity, its "last seen" write at most once a minute, the enrolments),
   * and core's first-due statement alone (the index range plus the card's and deck's text).
   */
  parts: { scope: Latency; firstDueSql: Latency };
  /** The machine's 1-minute load average when measuring began and ended (2 vCPU share it with others). */
  loadAverage: [number, number];
  /** The bare query's plan, to show it is one index range. */
  barePlan: string;
}

const NOW = new Date("2026-12-10T15:00:00.000Z");
const END_OF_DAY = new Date("2026-12-11T00:00:00.000Z");

/**
 * PGlite with its data directory on disk: a temporary one removed afterwards, or `dir`, kept (so a
 * later run can measure again with `reuse` instead of building 20 million rows again).
 */
function pgliteOnDisk(dir: string | undefined, reuse: boolean): BenchTarget & { cleanup(): Promise<void> } {
  let made: string | undefined;
  return {
    label: "PGlite",
    async open() {
      if (!dir) made = await mkdtemp(path.join(os.tmpdir(), "studyhall-bench-due-"));
      const dataDir = dir ?? made!;
      const db = await openDatabase({ kind: "pglite", dataDir });
      if (!reuse) await migrateDatabase(db, path.resolve(import.meta.dirname, "..", "prisma", "migrations"));
      return db;
    },
    async cleanup() {
      if (made) await rm(made, { recursive: true, force: true });
    },
  };
}

/** The database a previous Postgres run built and left (postgresTarget leaves it until the next run). */
function existingPostgres(adminUrl: string): BenchTarget {
  return {
    label: "Postgres",
    open(name) {
      const url = new URL(adminUrl);
      url.pathname = `/studyhall_bench_${name}`;
      return openDatabase({ kind: "postgres", url: url.toString(), poolSize: 4 });
    },
  };
}

export async function benchFlashcardsDue(
  options: {
    targets?: string;
    students?: number;
    cardsPerStudent?: number;
    samples?: number;
    /** PGlite's data directory, kept after the run (default: a temporary one). */
    pgliteDir?: string;
    /** Measure the data an earlier run built and kept instead of building it (build is then null). */
    reuse?: boolean;
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
    const reuse = options.reuse ?? false;
    const target =
      name === "postgres"
        ? reuse
          ? existingPostgres(url!)
          : postgresTarget(url!)
        : pgliteOnDisk(options.pgliteDir, reuse);
    log(`flashcards due: ${target.label}, ${shape.students} students × ${shape.cardsPerStudent} cards`);
    const database = await target.open("flashcards_due");
    try {
      const build = reuse ? null : await buildDueData(database, shape, log);
      if (build) log(`  built ${build.rows} CardState rows in ${build.totalS} s`);
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
  build: DueDataBuild | null,
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
  const loadBefore = os.loadavg()[0]!;
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
  const parts = { scope: [] as number[], firstDueSql: [] as number[] };
  for (let i = 0; i < Math.min(samples, 300); i++) {
    const externalId = benchStudentExternalId(1 + Math.floor(rng() * shape.students));
    const actor = { platform: "SLACK" as const, tenant: BENCH_TENANT, externalId };
    let began = performance.now();
    const scope = await reviewScope(db, actor, null);
    parts.scope.push(performance.now() - began);
    began = performance.now();
    await firstDue(db, scope, NOW);
    parts.firstDueSql.push(performance.now() - began);
  }
  const loadAfter = os.loadavg()[0]!;
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
    parts: { scope: lat(parts.scope), firstDueSql: lat(parts.firstDueSql) },
    loadAverage: [round(loadBefore), round(loadAfter)],
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
      `${((r.students * r.cardsPerStudent) / 1e6).toFixed(1)} M`,
      r.build ? `${r.build.totalS} s` : "reused",
      `${(r.dueShare * 100).toFixed(1)}%`,
      f(r.nextDue.core),
      f(r.nextDue.bare),
      `${r.nextDue.ratioP95}×`,
      f(r.counts.core),
      f(r.counts.bare),
      `${r.counts.ratioP95}×`,
      `${r.agreed} / ${r.samples}`,
      `${r.loadAverage[0]}–${r.loadAverage[1]}`,
    ].join(" | "),
  );
  return [
    "| Database | CardState rows | Build | Due now | nextDueCard p50 / p95 / p99 (ms) | Bare first-due p50 / p95 / p99 | Ratio (p95) | dueCounts p50 / p95 / p99 | Bare count p50 / p95 / p99 | Ratio (p95) | Agreed | Load |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
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
      "pglite-dir": { type: "string" },
      reuse: { type: "boolean" },
    },
  });
  const runs = await benchFlashcardsDue({
    ...(values.targets ? { targets: values.targets } : {}),
    ...(values.students ? { students: Number(values.students) } : {}),
    ...(values.cards ? { cardsPerStudent: Number(values.cards) } : {}),
    ...(values.samples ? { samples: Number(values.samples) } : {}),
    ...(values["pglite-dir"] ? { pgliteDir: values["pglite-dir"] } : {}),
    reuse: values.reuse ?? false,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(flashcardsDueTable(runs));
  console.log(JSON.stringify(runs, null, 2));
}
