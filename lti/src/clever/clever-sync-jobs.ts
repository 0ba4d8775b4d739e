import {
  AppError,
  ErrorCode,
  findDistrict,
  isAppError,
  type JobHandler,
  listDistricts,
  listSyncRuns,
  nextDailyRun,
  type Prisma,
  RetryLater,
  scheduleJob,
} from "@studyhall/core";
import { z } from "zod";
import { CleverRateLimited, CleverUnavailable } from "./clever-errors.ts";
import type { CleverSyncDeps } from "./clever-sync-deps.ts";
import { runDistrictSync } from "./run-district-sync.ts";

/** The durable queue of Clever roster work: one district's sync, or the nightly round over every district. */
export const CLEVER_SYNC_QUEUE = "clever:sync";
/** A sync interrupted by Clever (429, 5xx) is retried this many times; the next night starts afresh. */
const MAX_ATTEMPTS = 8;

const payloadSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("district"),
    districtId: z.uuid(),
    trigger: z.string().min(1).max(100),
    full: z.boolean().optional(),
  }),
  z.object({ kind: z.literal("nightly"), date: z.iso.date() }),
]);

/**
 * Asks for a sync of one district, one at a time: while a run of the district is RUNNING it says so;
 * otherwise it schedules a durable job keyed by the district's latest run, so two requests at once
 * (two clicks, the CLI and the page) make one job, and a request after that run finished makes a new one.
 */
export async function requestDistrictSync(
  deps: { db: Prisma },
  input: { districtId: string; trigger: string; full?: boolean },
): Promise<{ status: "scheduled" | "running"; runId?: string }> {
  const district = await findDistrict(deps.db, { id: input.districtId });
  if (district?.provider !== "CLEVER") {
    throw new AppError(ErrorCode.NotFound, `no Clever district ${input.districtId}`, {
      userMessage: "That Clever district is not connected to StudyHall.",
    });
  }
  const [latest] = await listSyncRuns(deps.db, input.districtId, 1);
  if (latest?.status === "RUNNING") return { status: "running", runId: latest.id };
  await scheduleJob(deps.db, {
    queue: CLEVER_SYNC_QUEUE,
    key: `clever-sync:${input.districtId}:after:${latest?.id ?? "none"}`,
    payload: {
      kind: "district",
      districtId: input.districtId,
      trigger: input.trigger,
      ...(input.full ? { full: true } : {}),
    },
    maxAttempts: MAX_ATTEMPTS,
  });
  return { status: "scheduled" };
}

/**
 * Schedules the nightly round at `hourUtc` after `now` (idempotent: keyed by its date). Called when the
 * LTI front end starts with Clever on, and by each round for the next night.
 */
export async function scheduleNightlyCleverSync(
  db: Prisma,
  now: number,
  hourUtc: number,
): Promise<{ date: string; runAt: Date }> {
  const { date, runAt } = nextDailyRun(now, hourUtc);
  await scheduleJob(db, {
    queue: CLEVER_SYNC_QUEUE,
    key: `clever-nightly:${date}`,
    payload: { kind: "nightly", date },
    runAt,
    maxAttempts: MAX_ATTEMPTS,
  });
  return { date, runAt };
}

/**
 * The job handler of {@link CLEVER_SYNC_QUEUE}. A district's sync resumes the district's RUNNING run if
 * there is one (its job came back after a crash); Clever rate limiting or unavailable is thrown so the
 * runner retries (after Clever's Retry-After when it gave one) and the run goes on from its cursor. A
 * revoked token or a refusal is recorded on the run and not retried. The nightly round schedules one job
 * per connected Clever district (keyed per night) and then the next night's round.
 */
export function cleverSyncJobHandler(deps: CleverSyncDeps): JobHandler {
  return async (job) => {
    const payload = payloadSchema.safeParse(job.payload);
    if (!payload.success) {
      deps.log.error({ jobId: job.id }, "Clever sync job with an unreadable payload dropped");
      return;
    }
    if (payload.data.kind === "nightly") return nightlyRound(deps, payload.data.date);
    const { districtId, trigger, full } = payload.data;
    try {
      await runDistrictSync(
        { ...deps, signal: job.signal },
        { districtId, trigger, ...(full ? { full } : {}) },
      );
    } catch (error) {
      // The run stays RUNNING with its cursor; the retry goes on from there.
      if (error instanceof CleverRateLimited) throw new RetryLater(error.message, error.retryAfterMs);
      if (error instanceof CleverUnavailable || !isAppError(error)) throw error;
      // A lasting refusal (the district gone or disconnected): retrying changes nothing.
      deps.log.warn({ err: error, districtId }, "Clever sync not run");
    }
  };
}

async function nightlyRound(deps: CleverSyncDeps, date: string): Promise<void> {
  const districts = (await listDistricts(deps.db)).filter(
    (d) => d.provider === "CLEVER" && d.status === "CONNECTED",
  );
  for (const district of districts) {
    await scheduleJob(deps.db, {
      queue: CLEVER_SYNC_QUEUE,
      key: `clever-sync:${district.id}:nightly:${date}`,
      payload: { kind: "district", districtId: district.id, trigger: "nightly" },
      maxAttempts: MAX_ATTEMPTS,
    });
  }
  // The night after this round's, or later if the round itself ran late (no catching up night by night).
  const roundTime = Date.parse(`${date}T${String(deps.syncHourUtc).padStart(2, "0")}:00:00Z`);
  const next = await scheduleNightlyCleverSync(deps.db, Math.max(deps.now(), roundTime), deps.syncHourUtc);
  deps.log.info({ date, districts: districts.length, next: next.date }, "nightly Clever round scheduled");
}
