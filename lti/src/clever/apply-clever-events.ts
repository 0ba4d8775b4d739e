import {
  applyDistrictChanges,
  type DistrictSyncReport,
  emptyDistrictReport,
  type Logger,
  type Prisma,
  setEventCursor,
} from "@studyhall/core";
import type { CleverDataClient, CleverResource } from "./clever-client.ts";
import { CleverCursorExpired } from "./clever-errors.ts";
import type { CleverEvent } from "./clever-records.ts";
import { addDistrictReports } from "./clever-sync-report.ts";
import { batchEvents, type CleverNames, cleverEventsToChanges, cleverNames } from "./clever-to-district.ts";

/** Clever keeps events this long; a cursor older than this is gone. */
export const EVENTS_WINDOW_MS = 30 * 24 * 3600_000;

export type EventsOutcome =
  | { kind: "applied"; report: DistrictSyncReport; events: number }
  /** The events cannot bring the district up to date: a full sync must. */
  | { kind: "fallback"; reason: string; report: DistrictSyncReport };

/**
 * Replays a district's events after its cursor, page by page, in batches in which no record appears
 * twice; the cursor moves past each batch once it is applied, so a crash resumes after the last applied
 * event, and an event applied twice changes nothing. An expired cursor or an event that cannot be read
 * stops here and says why, for the caller to fall back to a full sync.
 */
export async function applyCleverEvents(
  deps: { db: Prisma; log: Logger; now: () => number },
  client: CleverDataClient,
  input: { districtId: string; cursor: string },
): Promise<EventsOutcome> {
  let report = emptyDistrictReport();
  let startingAfter = input.cursor;
  let next: string | null = null;
  let count = 0;
  const names = lazyNames(client);
  do {
    let page: Awaited<ReturnType<CleverDataClient["events"]>>;
    try {
      page = await client.events(startingAfter, next);
    } catch (error) {
      if (!(error instanceof CleverCursorExpired)) throw error;
      return { kind: "fallback", reason: `Clever no longer has events after ${startingAfter}`, report };
    }
    const bad = page.invalid[0];
    if (bad) {
      return {
        kind: "fallback",
        reason: `event ${bad.id ?? "(no id)"} could not be read: ${bad.message}`,
        report,
      };
    }
    for (const batch of batchEvents(page.records)) {
      const translated = cleverEventsToChanges(batch, await names(batch));
      if (translated.unappliable) {
        const { id, type, message } = translated.unappliable;
        return { kind: "fallback", reason: `event ${id} (${type}) could not be applied: ${message}`, report };
      }
      for (const skipped of translated.ignored) deps.log.debug(skipped, "Clever event not applied");
      const applied = await applyDistrictChanges(
        deps.db,
        { districtId: input.districtId, changes: translated.changes },
        { now: new Date(deps.now()) },
      );
      report = addDistrictReports(report, applied, { errors: translated.errors });
      const last = batch.at(-1)!;
      await setEventCursor(deps.db, input.districtId, { id: last.id, at: eventTime(last, deps.now()) });
      startingAfter = last.id;
      count += batch.length;
    }
    next = page.records.length > 0 ? page.next : null;
  } while (next);
  return { kind: "applied", report, events: count };
}

/** When the event happened, which is what Clever's 30-day window counts from. */
function eventTime(event: CleverEvent, now: number): Date {
  const at = Date.parse(event.created);
  return new Date(Number.isNaN(at) ? now : at);
}

/**
 * The names sections point at, read from Clever once per run and only when a batch has a section to
 * name (most nights' events are about people).
 */
function lazyNames(client: CleverDataClient): (batch: CleverEvent[]) => Promise<CleverNames> {
  let loaded: Promise<CleverNames> | undefined;
  const empty: CleverNames = { schools: new Map(), terms: new Map(), courses: new Map() };
  return (batch) => {
    const needed = batch.some((e) => e.type === "sections.created" || e.type === "sections.updated");
    if (!needed) return loaded ?? Promise.resolve(empty);
    loaded ??= readNames(client);
    return loaded;
  };
}

async function readNames(client: CleverDataClient): Promise<CleverNames> {
  const all = async (resource: CleverResource) => {
    const records: Array<{ id: string; name?: string | undefined }> = [];
    let next: string | null = null;
    do {
      const page: Awaited<ReturnType<CleverDataClient["page"]>> = await client.page(resource, next);
      records.push(...(page.records as Array<{ id: string; name?: string | undefined }>));
      next = page.records.length > 0 ? page.next : null;
    } while (next);
    return records;
  };
  return cleverNames({
    schools: await all("schools"),
    terms: await all("terms"),
    courses: await all("courses"),
  });
}
