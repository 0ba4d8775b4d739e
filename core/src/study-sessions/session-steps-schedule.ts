import { randomUUID } from "node:crypto";
import { cancelJobs, type PrismaLike, scheduleJob } from "../jobs/schedule-job.ts";
import { STUDY_SESSION_QUEUE } from "./study-session-port.ts";

/** The steps of one session, each a durable job keyed `session:<id>:<step>`. */
export type SessionStep = "announce" | "remind-24h" | "remind-15m" | "open" | "end" | "update";

const HOUR = 3_600_000;

/** How long before the start each reminder goes. */
export const REMINDER_LEADS = { "remind-24h": 24 * HOUR, "remind-15m": 15 * 60_000 } as const;

/** The key prefix of every job of one session (cancelJobs takes it). */
export const sessionJobPrefix = (sessionId: string) => `session:${sessionId}:`;

/**
 * Schedules a new session's steps: the announcement now, each reminder still ahead, the start and the
 * end. Idempotent per key, so a retried caller schedules nothing twice. Pass the transaction that
 * stores the session.
 */
export async function scheduleSessionSteps(
  db: PrismaLike,
  session: { id: string; startsAt: Date; endsAt: Date },
  now: Date,
): Promise<void> {
  await scheduleStep(db, session.id, "announce", now);
  for (const [step, lead] of Object.entries(REMINDER_LEADS) as Array<[keyof typeof REMINDER_LEADS, number]>) {
    const at = new Date(session.startsAt.getTime() - lead);
    if (at.getTime() > now.getTime()) await scheduleStep(db, session.id, step, at);
  }
  await scheduleStep(db, session.id, "open", session.startsAt);
  await scheduleStep(db, session.id, "end", session.endsAt);
}

/** One step's job. `update` may be asked for many times, so each gets a key of its own. */
export async function scheduleStep(
  db: PrismaLike,
  sessionId: string,
  step: SessionStep,
  runAt: Date,
): Promise<void> {
  const key = `${sessionJobPrefix(sessionId)}${step}${step === "update" ? `:${runAt.getTime()}:${randomUUID()}` : ""}`;
  await scheduleJob(db, {
    queue: STUDY_SESSION_QUEUE,
    key,
    payload: { sessionId, step },
    runAt,
    maxAttempts: 8,
  });
}

/** Cancels every step of a session still waiting (cancelling it). */
export async function cancelSessionSteps(db: PrismaLike, sessionId: string): Promise<number> {
  return cancelJobs(db, { keyPrefix: sessionJobPrefix(sessionId) });
}
