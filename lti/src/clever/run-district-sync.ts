import {
  AppError,
  applyDistrictRoster,
  type DistrictSummary,
  type DistrictSyncReport,
  disconnectDistrict,
  ErrorCode,
  emptyDistrictReport,
  findDistrict,
  findSyncRun,
  finishSyncRun,
  openDistrictToken,
  type SyncRunSummary,
  saveSyncCursor,
  setEventCursor,
  startSyncRun,
} from "@studyhall/core";
import { applyCleverEvents, EVENTS_WINDOW_MS } from "./apply-clever-events.ts";
import { type CleverDataClient, createCleverDataClient } from "./clever-client.ts";
import {
  CleverDisconnected,
  CleverRateLimited,
  CleverRequestRefused,
  CleverUnavailable,
} from "./clever-errors.ts";
import type { CleverSyncDeps } from "./clever-sync-deps.ts";
import { cleverToFullRoster } from "./clever-to-district.ts";
import {
  type FullCursor,
  fullCursorSchema,
  readCleverPages,
  readStagedRoster,
} from "./read-clever-roster.ts";

/** Said on the district page and in the CLI when Clever answers 401 to the district's token. */
export const CLEVER_REVOKED_REASON =
  "Clever says StudyHall's access to this district was revoked (401). Reconnect with `studyhall clever connect`.";

export interface RunDistrictSyncInput {
  districtId: string;
  /** Who asked: "nightly", "cli", "page". */
  trigger: string;
  /** A full sync even when events could bring the district up to date. */
  full?: boolean;
  /** Resume this run (its job came back after a crash). */
  runId?: string;
}

/**
 * Syncs one Clever district now and returns its run: a full sync (every page read and staged, then
 * applied as the whole truth), or, when the district's event cursor is younger than Clever's 30-day
 * window, its events since then, falling back to a full sync when they cannot bring it up to date. A
 * run left RUNNING (a crash, a 429) is resumed from its cursor. A revoked token disconnects the district
 * and changes nothing; Clever being unavailable or rate limiting is thrown with the run left RUNNING,
 * for the caller to retry.
 */
export async function runDistrictSync(
  deps: CleverSyncDeps,
  input: RunDistrictSyncInput,
): Promise<SyncRunSummary> {
  const district = await requireCleverDistrict(deps, input.districtId);
  const client = createCleverDataClient(
    { ...deps.clever, log: deps.log, ...(deps.signal ? { signal: deps.signal } : {}) },
    await openDistrictToken(deps, district.id),
  );
  let run = await claimRun(deps, district, input);
  try {
    if (run.kind === "EVENTS") {
      const outcome = await runEvents(deps, client, district, run);
      if (outcome.status !== "FAILED") return outcome;
      run = await startFull(deps, district, input.trigger);
    }
    return await runFull(deps, client, run);
  } catch (error) {
    return failRun(deps, run, error);
  }
}

async function requireCleverDistrict(deps: CleverSyncDeps, districtId: string): Promise<DistrictSummary> {
  const district = await findDistrict(deps.db, { id: districtId });
  if (district?.provider !== "CLEVER") {
    throw new AppError(ErrorCode.NotFound, `no Clever district ${districtId}`, {
      userMessage: `There is no connected Clever district ${districtId}. See \`studyhall clever districts\`.`,
    });
  }
  return district;
}

/** The run to go on with: the one named, the district's RUNNING one, or a new one of the right kind. */
async function claimRun(
  deps: CleverSyncDeps,
  district: DistrictSummary,
  input: RunDistrictSyncInput,
): Promise<SyncRunSummary> {
  if (input.runId) {
    const named = await findSyncRun(deps.db, input.runId);
    if (named?.status === "RUNNING" && named.districtId === district.id) return named;
  }
  const kind = !input.full && eventsUsable(district, deps.now()) ? "EVENTS" : "FULL";
  const claimed = await startSyncRun(
    deps.db,
    { districtId: district.id, kind, trigger: input.trigger },
    { now: new Date(deps.now()) },
  );
  if (!claimed.started)
    deps.log.info({ districtId: district.id, runId: claimed.running.id }, "resuming Clever sync");
  return claimed.started ? claimed.run : claimed.running;
}

/** Events can bring the district up to date: it has a cursor, still inside Clever's window. */
function eventsUsable(district: DistrictSummary, now: number): boolean {
  if (!district.eventCursor || !district.eventCursorAt) return false;
  return now - district.eventCursorAt.getTime() < EVENTS_WINDOW_MS;
}

async function startFull(deps: CleverSyncDeps, district: DistrictSummary, trigger: string) {
  const claimed = await startSyncRun(
    deps.db,
    { districtId: district.id, kind: "FULL", trigger },
    { now: new Date(deps.now()) },
  );
  return claimed.started ? claimed.run : claimed.running;
}

/** An events run: applied, or finished FAILED with why (the caller then runs a full sync). */
async function runEvents(
  deps: CleverSyncDeps,
  client: CleverDataClient,
  district: DistrictSummary,
  run: SyncRunSummary,
): Promise<SyncRunSummary> {
  const fresh = await findDistrict(deps.db, { id: district.id });
  const cursor = fresh && eventsUsable(fresh, deps.now()) ? fresh.eventCursor : null;
  const outcome = cursor
    ? await applyCleverEvents(deps, client, { districtId: district.id, cursor })
    : {
        kind: "fallback" as const,
        reason: "the event cursor is older than Clever's 30 days",
        report: emptyDistrictReport(),
      };
  if (outcome.kind === "applied") {
    deps.log.info(
      { districtId: district.id, runId: run.id, events: outcome.events },
      "Clever events applied",
    );
    return finish(deps, run, { report: outcome.report });
  }
  deps.log.warn(
    { districtId: district.id, runId: run.id, reason: outcome.reason },
    "Clever events: full sync instead",
  );
  return finish(deps, run, { error: `${outcome.reason}; a full sync follows`, report: outcome.report });
}

/** A full run from its cursor: read what is left, apply everything staged, move the event cursor. */
async function runFull(deps: CleverSyncDeps, client: CleverDataClient, run: SyncRunSummary) {
  let cursor: FullCursor = fullCursorSchema.parse(run.cursor);
  if (cursor.eventsFrom === undefined) {
    // Read first, so an event made while the pages are read is replayed afterwards, never lost.
    cursor = {
      ...cursor,
      eventsFrom: await latestEventId(deps, client),
      eventsReadAt: new Date(deps.now()).toISOString(),
    };
    await saveSyncCursor(deps.db, run.id, cursor);
  }
  await readCleverPages(deps, client, run, cursor);
  const { records, errors } = await readStagedRoster(deps.db, run.id);
  // The run is finished in the apply's own transaction: a second process on this run applies nothing.
  const applied = await applyDistrictRoster(
    deps.db,
    { districtId: run.districtId, roster: cleverToFullRoster(records) },
    { now: new Date(deps.now()), run: { id: run.id, errors } },
  );
  const at = cursor.eventsReadAt ? new Date(cursor.eventsReadAt) : new Date(deps.now());
  await setEventCursor(deps.db, run.districtId, cursor.eventsFrom ? { id: cursor.eventsFrom, at } : null);
  return finish(deps, run, { report: applied });
}

/** Districts without events (they are opt-in) answer the events call with a refusal: no cursor, full syncs. */
async function latestEventId(deps: CleverSyncDeps, client: CleverDataClient): Promise<string | null> {
  try {
    return await client.latestEventId();
  } catch (error) {
    if (!(error instanceof CleverRequestRefused)) throw error;
    deps.log.info({ err: error }, "Clever events unavailable for this district; full syncs only");
    return null;
  }
}

async function finish(
  deps: CleverSyncDeps,
  run: SyncRunSummary,
  outcome: { report: DistrictSyncReport } | { error: string; report?: DistrictSyncReport },
): Promise<SyncRunSummary> {
  const finished = await finishSyncRun(deps.db, run.id, outcome, { now: new Date(deps.now()) });
  const log = { districtId: run.districtId, runId: run.id, kind: run.kind, report: finished.report };
  if (finished.status === "FAILED") deps.log.warn({ ...log, error: finished.error }, "Clever sync failed");
  else deps.log.info(log, "Clever sync finished");
  deps.onRunFinished?.(finished);
  return finished;
}

/**
 * A revoked token disconnects the district and fails the run (nothing applied, nothing deleted);
 * Clever unavailable or rate limiting, or this process losing its job, leaves the run RUNNING with its
 * cursor and is thrown for a retry; any other refusal fails the run with its reason.
 */
async function failRun(deps: CleverSyncDeps, run: SyncRunSummary, error: unknown): Promise<SyncRunSummary> {
  if (error instanceof CleverRateLimited || error instanceof CleverUnavailable || deps.signal?.aborted)
    throw error;
  if (error instanceof CleverDisconnected) {
    await disconnectDistrict(deps.db, run.districtId, CLEVER_REVOKED_REASON);
    return finish(deps, run, { error: CLEVER_REVOKED_REASON });
  }
  if (error instanceof AppError) return finish(deps, run, { error: error.message });
  throw error;
}
