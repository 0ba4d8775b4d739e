import {
  AppError,
  type DistrictSummary,
  type DistrictSyncReport,
  disconnectDistrict,
  ErrorCode,
  findDistrict,
  listDistricts,
  type SyncRunSummary,
} from "@studyhall/core";
import {
  CleverRateLimited,
  CleverUnavailable,
  connectAppDistricts,
  connectCleverDistrict,
  runDistrictSync,
} from "@studyhall/lti";
import type { Command } from "commander";
import type { Services } from "../services.ts";
import { withServices } from "./cli-context.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** Most record errors printed per run; the run's report keeps them all. */
const MAX_ERRORS_PRINTED = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `studyhall clever …`: connect Clever districts, list them, sync their rosters, disconnect them. */
export function registerCleverCommands(program: Command, options: { verbose: () => boolean; io: Out }) {
  const { io } = options;
  const run = <T>(fn: (s: Services) => Promise<T>) => withServices({ verbose: options.verbose() }, fn);
  const clever = program
    .command("clever")
    .description("Clever Secure Sync: each section of a connected district becomes a course with its people");
  clever
    .command("connect")
    .description(
      "connect districts: with --token, that district's token; without, every district that authorised the app",
    )
    .option("--token <token>", "a district-app token (checked against Clever before it is stored)")
    .option("--district <id>", "only this Clever district id")
    .action((opts: { token?: string; district?: string }) => run((s) => cleverConnect(s, opts, io)));
  clever
    .command("districts")
    .description("the connected districts: status, classes, last sync and its counts, event cursor age")
    .action(() => run((s) => cleverDistricts(s, io)));
  clever
    .command("sync")
    .description(
      "sync now, in this process (events since the last sync when Clever has them, else everything)",
    )
    .option("--district <id>", "only this district (Clever's id or StudyHall's)")
    .option("--full", "read everything even when events could bring the district up to date")
    .action(async (opts: { district?: string; full?: boolean }) => {
      const ok = await run((s) => cleverSync(s, opts, io));
      if (!ok) process.exitCode = 1;
    });
  clever
    .command("disconnect")
    .description("stop syncing a district (its courses and people stay)")
    .requiredOption("--district <id>", "the district (Clever's id or StudyHall's)")
    .action((opts: { district: string }) => run((s) => cleverDisconnect(s, opts.district, io)));
}

function syncDeps(services: Services) {
  return {
    db: services.db,
    secrets: services.secrets,
    log: services.logger.child({ platform: "clever" }),
    clever: { apiUrl: services.config.clever?.apiUrl ?? services.config.cleverApiUrl },
  };
}

/** `studyhall clever connect [--token T] [--district ID]`. */
export async function cleverConnect(
  services: Services,
  opts: { token?: string; district?: string },
  io: Out,
) {
  const deps = syncDeps(services);
  let connected: DistrictSummary[];
  if (opts.token) {
    connected = [
      await connectCleverDistrict(deps, {
        token: opts.token,
        ...(opts.district ? { expectedDistrictId: opts.district } : {}),
      }),
    ];
  } else {
    const settings = services.config.clever;
    if (!settings) {
      throw new AppError(ErrorCode.Config, "Clever credentials unset", {
        userMessage:
          "Set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET to fetch the districts' tokens, or pass --token.",
      });
    }
    connected = await connectAppDistricts(deps, settings, opts.district);
  }
  if (connected.length === 0) io.out.write("No district has authorised StudyHall in Clever yet.\n");
  for (const d of connected) {
    io.out.write(`Connected ${d.name} (Clever district ${d.externalId}). Next: studyhall clever sync\n`);
  }
}

/** `studyhall clever districts`: one line per Clever district. */
export async function cleverDistricts(services: Services, io: Out) {
  const districts = (await listDistricts(services.db)).filter((d) => d.provider === "CLEVER");
  if (districts.length === 0) {
    io.out.write("No Clever district connected yet. Use `studyhall clever connect`.\n");
    return;
  }
  const now = Date.now();
  for (const d of districts) {
    const status =
      d.status === "CONNECTED" ? "connected" : `disconnected: ${d.statusReason ?? "no reason given"}`;
    const events = d.eventCursorAt
      ? `events from ${age(now - d.eventCursorAt.getTime())} ago`
      : "no event cursor (next sync reads everything)";
    io.out.write(
      `${d.name}\t${d.externalId}\t${status}\t${d.sections} classes\t${lastSync(d.lastRun)}\t${events}\n`,
    );
  }
}

function lastSync(run: SyncRunSummary | null): string {
  if (!run) return "never synced";
  const when = run.startedAt.toISOString().replace(/\.\d+Z$/, "Z");
  if (run.status === "RUNNING") return `sync running since ${when}`;
  const counts = run.report ? ` (${reportCounts(run.report)})` : "";
  return `last sync ${when} ${run.status === "SUCCEEDED" ? "ok" : "failed"}${counts}`;
}

function reportCounts(r: DistrictSyncReport): string {
  return (
    `classes +${r.sections.added} ~${r.sections.updated} -${r.sections.removed} ↺${r.sections.restored}, ` +
    `enrolments +${r.enrollments.added} -${r.enrollments.removed} ↺${r.enrollments.restored}, ` +
    `people +${r.people.added} ~${r.people.updated}, ${r.errors.length} errors`
  );
}

function age(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/**
 * `studyhall clever sync [--district ID] [--full]`: syncs now and prints each run's report. Returns false
 * when a run failed or stopped early (the exit code is then 1).
 */
export async function cleverSync(services: Services, opts: { district?: string; full?: boolean }, io: Out) {
  const districts = opts.district
    ? [await requireDistrict(services, opts.district)]
    : (await listDistricts(services.db)).filter((d) => d.provider === "CLEVER" && d.status === "CONNECTED");
  if (districts.length === 0) {
    io.out.write("No Clever district connected yet. Use `studyhall clever connect`.\n");
    return true;
  }
  let ok = true;
  for (const district of districts) {
    const deps = {
      ...syncDeps(services),
      now: Date.now,
      syncHourUtc: services.config.clever?.syncHourUtc ?? 4,
      onRunFinished: (finished: SyncRunSummary) => printRun(district, finished, io),
    };
    try {
      const last = await runDistrictSync(deps, {
        districtId: district.id,
        trigger: "cli",
        full: Boolean(opts.full),
      });
      if (last.status !== "SUCCEEDED") ok = false;
    } catch (error) {
      if (!(error instanceof CleverRateLimited || error instanceof CleverUnavailable)) throw error;
      ok = false;
      io.err.write(
        `${district.name}: ${error.message}. The sync stopped; the next \`studyhall clever sync\` resumes where it stopped.\n`,
      );
    }
  }
  return ok;
}

/** One finished run as the terminal shows it: counts per kind, errors with their record ids, duration. */
export function printRun(district: DistrictSummary, run: SyncRunSummary, io: Out) {
  const took = run.durationMs === null ? "" : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  const kind = run.kind === "FULL" ? "full sync" : "events";
  if (run.status === "FAILED") {
    io.out.write(`${district.name}: ${kind} failed${took}: ${run.error ?? "no reason given"}\n`);
  } else {
    io.out.write(`${district.name}: ${kind} done${took}\n`);
  }
  const r = run.report;
  if (!r) return;
  io.out.write(
    `  classes: ${r.sections.added} added, ${r.sections.updated} updated, ${r.sections.removed} removed, ${r.sections.restored} restored, ${r.sections.unchanged} unchanged\n` +
      `  enrolments: ${r.enrollments.added} added, ${r.enrollments.removed} removed, ${r.enrollments.restored} restored, ${r.enrollments.roleChanged} role changes\n` +
      `  people: ${r.people.added} added, ${r.people.updated} updated\n`,
  );
  if (r.errors.length === 0) return;
  io.out.write(`  errors: ${r.errors.length}\n`);
  for (const e of r.errors.slice(0, MAX_ERRORS_PRINTED)) {
    io.out.write(`    ${e.resource} ${e.recordId}: ${e.message}\n`);
  }
  if (r.errors.length > MAX_ERRORS_PRINTED)
    io.out.write(`    … and ${r.errors.length - MAX_ERRORS_PRINTED} more\n`);
}

/** `studyhall clever disconnect --district ID`. */
export async function cleverDisconnect(services: Services, ref: string, io: Out) {
  const district = await requireDistrict(services, ref);
  await disconnectDistrict(services.db, district.id, "Disconnected with `studyhall clever disconnect`.");
  io.out.write(
    `Disconnected ${district.name}; its courses and people stay. Reconnect with \`studyhall clever connect\`.\n`,
  );
}

async function requireDistrict(services: Services, ref: string): Promise<DistrictSummary> {
  const district = UUID.test(ref)
    ? await findDistrict(services.db, { id: ref })
    : await findDistrict(services.db, { provider: "CLEVER", externalId: ref });
  if (district?.provider !== "CLEVER") {
    throw new AppError(ErrorCode.NotFound, `no Clever district ${ref}`, {
      userMessage: `No Clever district ${ref} is connected. See \`studyhall clever districts\`.`,
    });
  }
  return district;
}
