// Clever Secure Sync of a K-12 district: 20,000 students, 1,000 teachers and 800 sections on the fake
// Clever (test/support/fake-clever-server.ts, its generated district) read by the real data client and
// applied by the real sync (lti/src/clever/run-district-sync.ts -> core's applyDistrictRoster /
// applyDistrictChanges). 150 students a section: a secondary student has about six classes a day, so
// 20,000 students fill 800 classes of 150 (each student in 6). In one run, per database: every page
// read only (the floor), the first full sync (target <= 30 s), the same district again (nothing
// changes), and an incremental sync of 1,000 events through the events path (target <= 2 s) beside
// reading those events only; with the process's peak RSS growth during each.
// Run alone: `npx tsx bench/clever-sync.ts [--students 20000 --teachers 1000 --sections 800 --per-section 150]`.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ephemeralSecretBox } from "../core/src/index.ts";
import { silentLogger } from "../core/src/logger.ts";
import { createCleverDataClient } from "../lti/src/clever/clever-client.ts";
import type { CleverSyncDeps } from "../lti/src/clever/clever-sync-deps.ts";
import { connectCleverDistrict } from "../lti/src/clever/connect-clever-district.ts";
import { FULL_SYNC_RESOURCES } from "../lti/src/clever/read-clever-roster.ts";
import { runDistrictSync } from "../lti/src/clever/run-district-sync.ts";
import { startFakeClever } from "../test/support/fake-clever-server.ts";
import { type BenchTarget, benchTargets } from "./bench-database.ts";
import { emitNight } from "./clever-events.ts";
import { counts, ms, ratio } from "./district-report-format.ts";
import { measured } from "./peak-rss.ts";

export interface CleverSyncShape {
  students: number;
  teachers: number;
  sections: number;
  studentsPerSection: number;
}

export const DEFAULT_SHAPE: CleverSyncShape = {
  students: 20_000,
  teachers: 1_000,
  sections: 800,
  studentsPerSection: 150,
};

type Report = NonNullable<Awaited<ReturnType<typeof runDistrictSync>>["report"]>;

export interface CleverSyncResult extends CleverSyncShape {
  target: BenchTarget["label"];
  /** Data pages read (1,000 records a page, the client's default). */
  pages: number;
  records: number;
  /** Reading every page through the real client only: HTTP, JSON, zod. */
  readOnlyMs: number;
  /** The first full sync (everyone new). Target <= 30,000 ms. */
  firstSyncMs: number;
  firstSync: Pick<Report, "sections" | "enrollments" | "people">;
  /** The same district again: nothing to change. */
  unchangedSyncMs: number;
  unchangedSync: Pick<Report, "sections" | "enrollments" | "people">;
  events: number;
  /** Reading the events only, through the client. */
  eventsReadOnlyMs: number;
  /** The incremental sync of those events (an EVENTS run). Target <= 2,000 ms. */
  eventsSyncMs: number;
  eventsSync: Pick<Report, "sections" | "enrollments" | "people"> & { errors: number };
  ratios: { firstSync: number; unchangedSync: number; eventsSync: number };
  peakRssGrowthMiB: { readOnly: number; firstSync: number; unchangedSync: number; eventsSync: number };
  withinTargets: { firstSync: boolean; eventsSync: boolean };
}

export async function benchCleverSync(
  target: BenchTarget,
  options: { shape?: CleverSyncShape; log?: (line: string) => void } = {},
): Promise<CleverSyncResult> {
  const shape = options.shape ?? DEFAULT_SHAPE;
  const log = options.log ?? (() => {});
  const database = await target.open("clever_sync");
  const clever = await startFakeClever();
  try {
    const district = clever.generateDistrict({
      students: shape.students,
      teachers: shape.teachers,
      sections: shape.sections,
      studentsPerSection: shape.studentsPerSection,
    });
    // One event before the first sync, so the full sync leaves an event cursor for the incremental one.
    const first = district.users[0]!;
    clever.emit(district.id, "users.updated", { ...first });
    const deps: CleverSyncDeps = {
      db: database.prisma,
      secrets: ephemeralSecretBox(),
      log: silentLogger(),
      clever: { apiUrl: clever.url },
      now: Date.now,
      syncHourUtc: 4,
    };
    const client = () => createCleverDataClient({ apiUrl: clever.url, log: deps.log }, district.token);
    const connected = await connectCleverDistrict(deps, { token: district.token });
    const sync = async (full: boolean) => {
      const run = await runDistrictSync(deps, { districtId: connected.id, trigger: "bench", full });
      if (run.status !== "SUCCEEDED" || !run.report) throw new Error(`sync failed: ${run.error}`);
      if (run.kind !== (full ? "FULL" : "EVENTS"))
        throw new Error(`expected ${full ? "FULL" : "EVENTS"}, ran ${run.kind}`);
      return run.report;
    };

    const read = await measured(() => readEveryPage(client()));
    log(
      `clever: ${target.label}, read ${read.value.pages} pages (${read.value.records} records) in ${ms(read.ms)}`,
    );
    const full = await measured(() => sync(true));
    log(`clever: ${target.label}, first full sync in ${ms(full.ms)}: ${JSON.stringify(counts(full.value))}`);
    const again = await measured(() => sync(true));
    log(`clever: ${target.label}, unchanged full sync in ${ms(again.ms)}`);

    const cursor = (await client().latestEventId()) ?? null;
    const events = emitNight(clever, district);
    const readEvents = await measured(() => readEventsOnly(client(), cursor));
    if (readEvents.value !== events) throw new Error(`read ${readEvents.value} events, emitted ${events}`);
    const incremental = await measured(() => sync(false));
    log(
      `clever: ${target.label}, ${events} events in ${ms(incremental.ms)}: ${JSON.stringify(counts(incremental.value))}`,
    );

    return {
      target: target.label,
      ...shape,
      pages: read.value.pages,
      records: read.value.records,
      readOnlyMs: Math.round(read.ms),
      firstSyncMs: Math.round(full.ms),
      firstSync: counts(full.value),
      unchangedSyncMs: Math.round(again.ms),
      unchangedSync: counts(again.value),
      events,
      eventsReadOnlyMs: Math.round(readEvents.ms),
      eventsSyncMs: Math.round(incremental.ms),
      eventsSync: { ...counts(incremental.value), errors: incremental.value.errors.length },
      ratios: {
        firstSync: ratio(full.ms, read.ms),
        unchangedSync: ratio(again.ms, read.ms),
        eventsSync: ratio(incremental.ms, readEvents.ms),
      },
      peakRssGrowthMiB: {
        readOnly: read.rssGrowthMiB,
        firstSync: full.rssGrowthMiB,
        unchangedSync: again.rssGrowthMiB,
        eventsSync: incremental.rssGrowthMiB,
      },
      withinTargets: { firstSync: full.ms <= 30_000, eventsSync: incremental.ms <= 2_000 },
    };
  } finally {
    await clever.stop();
    await database.close();
  }
}

/** Every page of every resource a full sync reads, in its order, through the client alone. */
async function readEveryPage(client: ReturnType<typeof createCleverDataClient>) {
  let pages = 0;
  let records = 0;
  for (const resource of FULL_SYNC_RESOURCES) {
    let next: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof client.page>> = await client.page(resource, next);
      pages++;
      records += page.records.length;
      next = page.next;
    } while (next);
  }
  return { pages, records };
}

/** Every event after `cursor`, through the client alone; how many. */
async function readEventsOnly(client: ReturnType<typeof createCleverDataClient>, cursor: string | null) {
  let count = 0;
  let next: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof client.events>> = await client.events(cursor, next);
    count += page.records.length;
    next = page.records.length > 0 ? page.next : null;
  } while (next);
  return count;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      students: { type: "string", default: String(DEFAULT_SHAPE.students) },
      teachers: { type: "string", default: String(DEFAULT_SHAPE.teachers) },
      sections: { type: "string", default: String(DEFAULT_SHAPE.sections) },
      "per-section": { type: "string", default: String(DEFAULT_SHAPE.studentsPerSection) },
      targets: { type: "string", default: "pglite,postgres" },
    },
  });
  const shape: CleverSyncShape = {
    students: Number(values.students),
    teachers: Number(values.teachers),
    sections: Number(values.sections),
    studentsPerSection: Number(values["per-section"]),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const targets = benchTargets(values.targets, log);
  for (const target of targets) console.log(JSON.stringify(await benchCleverSync(target, { shape, log })));
}
