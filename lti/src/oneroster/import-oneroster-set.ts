import {
  AppError,
  applyDistrictChanges,
  applyDistrictRoster,
  connectDistrict,
  type DistrictSummary,
  type DistrictSyncReport,
  ErrorCode,
  emptyDistrictReport,
  type FullDistrictRoster,
  findDistrict,
  finishSyncRun,
  isAppError,
  type Logger,
  type Prisma,
  type SecretBox,
  startSyncRun,
} from "@studyhall/core";
import { districtSlug } from "./district-slug.ts";
import { describeOneRosterProblem, type OneRosterProblem } from "./oneroster-problems.ts";
import { type OneRosterSet, parseOneRosterSet } from "./parse-oneroster-set.ts";
import { readOneRosterSource } from "./read-oneroster-source.ts";
import { toDistrictChanges, toFullDistrictRoster } from "./to-district-roster.ts";

export interface OneRosterImportDeps {
  db: Prisma;
  secrets: SecretBox;
  log: Logger;
  now?: () => Date;
}

export interface OneRosterImportInput {
  /** A folder holding the set's CSV files, or a .zip of them. */
  source: string;
  /** The operator's name for the district; its slug is the district's id. */
  districtName: string;
  /** Report what would change and change nothing: no district is connected and no run recorded. */
  dryRun?: boolean;
  /** Who asked, for the run's record: "cli". */
  trigger: string;
}

export interface OneRosterImport {
  district: { id: string | null; externalId: string; name: string; isNew: boolean };
  mode: OneRosterSet["mode"];
  dryRun: boolean;
  /** The recorded run; null for a dry run. */
  runId: string | null;
  /** What changed (or would); `errors` also holds the rows the set's reading skipped. */
  report: DistrictSyncReport;
  /** Rows reported and skipped (an unknown enrollment role), by file, line and column. */
  skipped: OneRosterProblem[];
}

/**
 * Imports a OneRoster 1.2 set into a district: the whole set is read and checked first, so a malformed
 * one is refused before anything changes. A bulk set is the district's whole roster
 * (applyDistrictRoster); a delta set applies only its changes (applyDistrictChanges). The district is
 * connected on its first import, and each import is one IMPORT run, one at a time per district.
 */
export async function importOneRosterSet(
  deps: OneRosterImportDeps,
  input: OneRosterImportInput,
): Promise<OneRosterImport> {
  const externalId = districtSlug(input.districtName);
  const set = parseOneRosterSet(await readOneRosterSource(input.source));
  const log = deps.log.child({ provider: "ONEROSTER", district: externalId, mode: set.mode });
  const existing = await findDistrict(deps.db, { provider: "ONEROSTER", externalId });
  if (!existing && set.mode === "delta")
    throw new AppError(ErrorCode.InvalidInput, `delta set for new district ${externalId}`, {
      userMessage: `${input.districtName} has not been imported yet, and a delta set holds only changes. Import a bulk set first.`,
    });
  const skippedErrors = set.skipped.map((p) => ({
    resource: p.file.replace(/\.csv$/, ""),
    recordId: `line ${p.line}`,
    message: describeOneRosterProblem(p),
  }));
  const withSkipped = (report: DistrictSyncReport) => ({
    ...report,
    errors: [...skippedErrors, ...report.errors],
  });
  const summary = (district: DistrictSummary | null, report: DistrictSyncReport, runId: string | null) => ({
    district: {
      id: district?.id ?? null,
      externalId,
      name: district?.name ?? input.districtName,
      isNew: !existing,
    },
    mode: set.mode,
    dryRun: Boolean(input.dryRun),
    runId,
    report,
    skipped: set.skipped,
  });

  if (input.dryRun) {
    const report = existing
      ? await apply(deps, existing.id, set, { dryRun: true })
      : newDistrictReport(toFullDistrictRoster(set));
    log.info({ dryRun: true, report }, "oneroster dry run");
    return summary(existing, withSkipped(report), null);
  }

  const district =
    existing ??
    (await connectDistrict(deps, { provider: "ONEROSTER", externalId, name: input.districtName.trim() }));
  const start = await startSyncRun(deps.db, {
    districtId: district.id,
    kind: "IMPORT",
    trigger: input.trigger,
  });
  if (!start.started) {
    const { running } = start;
    throw new AppError(ErrorCode.Conflict, `district ${district.id} already has run ${running.id}`, {
      userMessage: `A ${running.kind === "IMPORT" ? "OneRoster import" : "sync"} of ${district.name} is already running (run ${running.id}, started ${running.startedAt.toISOString()}). Wait for it to finish, then import again.`,
      details: { districtId: district.id, runId: running.id },
    });
  }
  const runId = start.run.id;
  try {
    const report = await apply(deps, district.id, set, { runId, errors: skippedErrors });
    const full = summary(district, report, runId);
    log.info({ runId, report: full.report }, "oneroster import finished");
    return full;
  } catch (error) {
    const message = isAppError(error) ? error.userMessage : (error as Error).message;
    await finishSyncRun(deps.db, runId, { error: message }, nowOption(deps));
    log.error({ err: error, runId }, "oneroster import failed");
    throw error;
  }
}

/** A dry run, or the import run `runId` (finished in the apply's transaction, with the rows the set skipped). */
function apply(
  deps: OneRosterImportDeps,
  districtId: string,
  set: OneRosterSet,
  as: { dryRun: true } | { runId: string; errors: DistrictSyncReport["errors"] },
) {
  const run = "runId" in as ? { run: { id: as.runId, errors: as.errors } } : { dryRun: true };
  const options = { ...run, ...nowOption(deps) };
  return set.mode === "bulk"
    ? applyDistrictRoster(deps.db, { districtId, roster: toFullDistrictRoster(set) }, options)
    : applyDistrictChanges(deps.db, { districtId, changes: toDistrictChanges(set) }, options);
}

function nowOption(deps: OneRosterImportDeps): { now?: Date } {
  return deps.now ? { now: deps.now() } : {};
}

/**
 * What a first import would change, without a district to compare with: every class, enrolment and
 * person in it is new. (The district does not exist yet, and a dry run must not create it.)
 */
function newDistrictReport(roster: FullDistrictRoster): DistrictSyncReport {
  const report = emptyDistrictReport();
  report.sections.added = roster.sections.length;
  report.enrollments.added = roster.sections.reduce((n, s) => n + s.members.length, 0);
  report.people.added = roster.people.length;
  return report;
}
