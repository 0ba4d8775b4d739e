import type { Platform } from "../../db/generated/enums.ts";
import { scheduleJob } from "../../jobs/schedule-job.ts";
import type { Tx } from "./live-session.ts";

/** What a timer does when it fires, if the session is still at the step it was set for. */
export type QuizTimerAction = "open" | "close" | "next" | "expire";

export interface QuizTimerPayload {
  sessionId: string;
  step: number;
  action: QuizTimerAction;
}

/** Games on one platform are timed on their own queue, run by the processes that serve it. */
export function quizQueue(platform: Platform): string {
  return `quiz:${platform}`;
}

/**
 * A question's clock starts when its board edit is accepted; if no process reports that within this
 * long (it crashed mid-edit), the clock starts anyway. Far longer than the edit wait (about a second)
 * plus a slow platform call; short enough that a class sees only a pause.
 */
export const SHOW_FALLBACK_MS = 15_000;

/** A lobby nobody starts is closed after this long. */
export const LOBBY_TIMEOUT_MS = 30 * 60_000;

/**
 * Sets a durable timer in the same transaction as the transition that needs it, so a crash can lose
 * neither. Keyed by session and step: the same transition retried schedules it once.
 */
export async function setQuizTimer(
  tx: Tx,
  session: { id: string; platform: Platform },
  timer: { step: number; action: QuizTimerAction; runAt: Date },
): Promise<void> {
  const payload: QuizTimerPayload = { sessionId: session.id, step: timer.step, action: timer.action };
  await scheduleJob(tx, {
    queue: quizQueue(session.platform),
    key: `quiz:${session.id}:${timer.step}:${timer.action}`,
    payload: { ...payload },
    runAt: timer.runAt,
    maxAttempts: 20,
  });
}
