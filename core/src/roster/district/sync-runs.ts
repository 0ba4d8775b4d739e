import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { NOW_UTC, utcTimestamp } from "../../jobs/job-sql.ts";
import { chunks } from "../resolve-roster-people.ts";
import type { Tx } from "../roster-sql.ts";
import type { DistrictSyncReport } from "./district-roster.ts";

/** One sync of a district: what kind, how it went, where its reading stopped. */
export interface SyncRunSummary {
  id: string;
  districtId: string;
  kind: "FULL" | "EVENTS" | "IMPORT";
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  trigger: string;
  cursor: Record<string, unknown>;
  report: DistrictSyncReport | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

const startSyncRunInput = z.object({
  districtId: z.uuid(),
  kind: z.enum(["FULL", "EVENTS", "IMPORT"]),
  trigger: z.string().trim().min(1).max(100),
});

const stagedRecordSchema = z.object({ externalId: z.string().min(1).max(255), data: z.unknown() });
const resourceSchema = z.string().min(1).max(100);

interface RunRow {
  id: string;
  districtId: string;
  kind: SyncRunSummary["kind"];
  status: SyncRunSummary["status"];
  trigger: string;
  cursor: unknown;
  report: unknown;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

/** A stored run row as the summary callers see; an empty report (`{}`, the column's default) is null. */
export function toSyncRunSummary(row: RunRow): SyncRunSummary {
  const report = row.report as Partial<DistrictSyncReport> | null;
  return {
    id: row.id,
    districtId: row.districtId,
    kind: row.kind,
    status: row.status,
    trigger: row.trigger,
    cursor: (row.cursor ?? {}) as Record<string, unknown>,
    report: report?.sections ? (report as DistrictSyncReport) : null,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
  };
}

/**
 * Starts a sync of a district, or says which one is already running: the partial unique index
 * `RosterSyncRun_one_running` allows one RUNNING run per district across every process, so two
 * triggers (the nightly job and a button) never read and apply the same district at once. A run
 * left RUNNING by a crash is returned as running, for the caller to resume from its cursor.
 */
export async function startSyncRun(
  db: Prisma,
  input: z.input<typeof startSyncRunInput>,
  options: { now?: Date } = {},
): Promise<{ started: true; run: SyncRunSummary } | { started: false; running: SyncRunSummary }> {
  const { districtId, kind, trigger } = parseUseCaseInput(startSyncRunInput, input);
  // The run's start and finish come from one clock, so its duration is the caller's own measure.
  const startedAt = options.now ? utcTimestamp(options.now) : NOW_UTC;
  if (!(await db.rosterDistrict.findUnique({ where: { id: districtId }, select: { id: true } }))) {
    throw new AppError(ErrorCode.NotFound, `district ${districtId} not found`, {
      userMessage: "That district is not connected to StudyHall.",
    });
  }
  // The running run may finish between the refused insert and the read: then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inserted] = await db.$queryRaw<Array<{ id: string }>>`
      INSERT INTO "RosterSyncRun" (id, "districtId", kind, status, trigger, "startedAt")
      VALUES (gen_random_uuid(), ${districtId}::uuid, ${kind}::"RosterSyncKind", 'RUNNING', ${trigger}, ${startedAt})
      ON CONFLICT ("districtId") WHERE status = 'RUNNING' DO NOTHING
      RETURNING id::text`;
    if (inserted) return { started: true, run: await requireRun(db, inserted.id) };
    const running = await db.rosterSyncRun.findFirst({ where: { districtId, status: "RUNNING" } });
    if (running) return { started: false, running: toSyncRunSummary(running) };
  }
  throw new AppError(ErrorCode.Conflict, `could not start a sync of district ${districtId}`, {
    userMessage: "Another sync of this district keeps starting. Try again in a minute.",
  });
}

/** One run, or null. */
export async function findSyncRun(db: Prisma, runId: string): Promise<SyncRunSummary | null> {
  if (!z.uuid().safeParse(runId).success) return null;
  const row = await db.rosterSyncRun.findUnique({ where: { id: runId } });
  return row ? toSyncRunSummary(row) : null;
}

/** The latest runs of a district, newest first. */
export async function listSyncRuns(db: Prisma, districtId: string, limit = 20): Promise<SyncRunSummary[]> {
  const rows = await db.rosterSyncRun.findMany({
    where: { districtId },
    orderBy: { startedAt: "desc" },
    take: Math.min(Math.max(1, Math.floor(limit)), 500),
  });
  return rows.map(toSyncRunSummary);
}

/** Records where a running run's reading stopped (e.g. the resource and the next page's link). */
export async function saveSyncCursor(
  db: Prisma,
  runId: string,
  cursor: Record<string, unknown>,
): Promise<void> {
  await db.$transaction((tx) => writeCursor(tx, runId, cursor));
}

/**
 * Keeps records a running run has read until it applies them, and (when given) the cursor past them,
 * in one transaction: after a crash the run goes on from the cursor with exactly the records read
 * before it, never losing a page or keeping one twice (a record read again replaces its copy).
 */
export async function stageRecords(
  db: Prisma,
  runId: string,
  resource: string,
  records: Array<{ externalId: string; data: unknown }>,
  cursor?: Record<string, unknown>,
): Promise<void> {
  const kind = parseUseCaseInput(resourceSchema, resource);
  const rows = [
    ...new Map(
      parseUseCaseInput(z.array(stagedRecordSchema), records).map((r) => [
        r.externalId,
        JSON.stringify(r.data ?? null),
      ]),
    ).entries(),
  ];
  await db.$transaction(
    async (tx) => {
      await requireRunning(tx, runId);
      for (const batch of chunks(rows)) {
        await tx.$executeRaw`
          INSERT INTO "RosterStagedRecord" ("runId", resource, "externalId", data)
          SELECT ${runId}::uuid, ${kind}, v.external_id, v.data::jsonb
          FROM unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, data]) => data)}::text[]) AS v(external_id, data)
          ON CONFLICT ("runId", resource, "externalId") DO UPDATE SET data = EXCLUDED.data`;
      }
      if (cursor) await writeCursor(tx, runId, cursor);
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** The records a run has staged for one resource, in a stable order. */
export async function readStagedRecords(
  db: Prisma,
  runId: string,
  resource: string,
): Promise<Array<{ externalId: string; data: unknown }>> {
  return db.$queryRaw<Array<{ externalId: string; data: unknown }>>`
    SELECT "externalId", data FROM "RosterStagedRecord"
    WHERE "runId" = ${runId}::uuid AND resource = ${resource}
    ORDER BY "externalId"`;
}

/**
 * Ends a run: its status, report or error, when it finished and how long it took. The staged records
 * go (names are kept only while a run needs them). A successful run marks the district synced and is
 * audited; a run that has already finished is returned as it is.
 */
export async function finishSyncRun(
  db: Prisma,
  runId: string,
  outcome: { report: DistrictSyncReport } | { error: string; report?: DistrictSyncReport },
  options: { now?: Date } = {},
): Promise<SyncRunSummary> {
  const now = options.now ?? new Date();
  return db.$transaction((tx) => finishRunInTransaction(tx, runId, outcome, now));
}

/**
 * {@link finishSyncRun} inside a transaction of the caller's: the district apply finishes its run in the
 * transaction that applied it, so no second process working the same run can apply after it.
 */
export async function finishRunInTransaction(
  tx: Tx,
  runId: string,
  outcome: { report: DistrictSyncReport } | { error: string; report?: DistrictSyncReport },
  now: Date,
): Promise<SyncRunSummary> {
  const run = await tx.rosterSyncRun.findUnique({ where: { id: runId } });
  if (!run) throw new AppError(ErrorCode.NotFound, `sync run ${runId} not found`);
  if (run.status !== "RUNNING") return toSyncRunSummary(run);
  // Clamped to the column (a 32-bit int, about 24 days): a run resumed weeks later is still finished.
  const durationMs = Math.min(Math.max(0, now.getTime() - run.startedAt.getTime()), 2_147_483_647);
  const failed = "error" in outcome;
  const report = outcome.report ? { ...outcome.report, durationMs } : undefined;
  await tx.rosterStagedRecord.deleteMany({ where: { runId } });
  const finished = await tx.rosterSyncRun.update({
    where: { id: runId },
    data: {
      status: failed ? "FAILED" : "SUCCEEDED",
      error: failed ? outcome.error.slice(0, 2000) : null,
      ...(report ? { report: report as object } : {}),
      finishedAt: now,
      durationMs,
    },
  });
  if (!failed) {
    await tx.rosterDistrict.update({ where: { id: run.districtId }, data: { lastSyncedAt: now } });
    await recordAudit(tx, {
      action: "district.synced",
      targetType: "district",
      targetId: run.districtId,
      details: auditCounts(run.kind, run.trigger, outcome.report),
    });
  }
  return toSyncRunSummary(finished);
}

function auditCounts(kind: string, trigger: string, report: DistrictSyncReport) {
  return {
    kind,
    trigger: trigger.slice(0, 200),
    sectionsAdded: report.sections.added,
    sectionsRemoved: report.sections.removed,
    enrollmentsAdded: report.enrollments.added,
    enrollmentsRemoved: report.enrollments.removed,
    errors: report.errors.length,
  };
}

async function writeCursor(tx: Tx, runId: string, cursor: Record<string, unknown>) {
  const updated = await tx.$executeRaw`
    UPDATE "RosterSyncRun" SET cursor = ${JSON.stringify(cursor)}::jsonb
    WHERE id = ${runId}::uuid AND status = 'RUNNING'`;
  if (updated === 0) throw notRunning(runId);
}

/** Locks a run that must still be RUNNING (a Conflict AppError when it has finished). */
export async function requireRunning(tx: Tx, runId: string) {
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM "RosterSyncRun" WHERE id = ${runId}::uuid AND status = 'RUNNING' FOR UPDATE`;
  if (!row) throw notRunning(runId);
}

function notRunning(runId: string) {
  return new AppError(ErrorCode.Conflict, `sync run ${runId} is not running`, {
    userMessage: "That sync has already finished.",
  });
}

async function requireRun(db: Prisma, runId: string): Promise<SyncRunSummary> {
  const run = await findSyncRun(db, runId);
  if (!run) throw new AppError(ErrorCode.Internal, `sync run ${runId} vanished`);
  return run;
}
