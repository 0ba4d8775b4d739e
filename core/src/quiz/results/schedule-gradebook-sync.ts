import { z } from "zod";
import type { Prisma } from "../../db/open-database.ts";
import { type PrismaLike, scheduleJob } from "../../jobs/schedule-job.ts";

/** The durable queue of grade deliveries to LMS gradebooks (handled by the LTI front end). */
export const GRADEBOOK_QUEUE = "lti:grades";

/**
 * Attempts of one gradebook sync. Each attempt delivers what it can and asks to run again for what the
 * platform has not taken yet; the last attempt marks what is still owed as failed.
 */
export const GRADEBOOK_SYNC_MAX_ATTEMPTS = 12;

/** What a gradebook job carries: the quiz session whose results are owed to the LMS. */
export const gradebookJobPayload = z.object({ sessionId: z.uuid() });
export type GradebookJobPayload = z.infer<typeof gradebookJobPayload>;

const scheduleGradebookSyncInput = z.object({ sessionId: z.uuid(), courseId: z.uuid() });

/** A Prisma client or a transaction client: the course's LTI links and the job statement. */
export type GradebookSyncDb = Pick<Prisma, "ltiCourseLink"> & PrismaLike;

/**
 * Schedules the delivery of a quiz session's results to the course's LMS gradebooks: one durable job
 * on {@link GRADEBOOK_QUEUE}, keyed `grades:<sessionId>` (so a retried transaction schedules it once).
 * Call it in the transaction that writes the session's QuizResults, so the results and the promise to
 * deliver them commit together. Does nothing and returns false when no LMS context of the course has
 * announced a line items service (the course was never launched from an LMS with grades).
 */
export async function scheduleGradebookSync(
  tx: GradebookSyncDb,
  input: { sessionId: string; courseId: string },
): Promise<boolean> {
  const { sessionId, courseId } = scheduleGradebookSyncInput.parse(input);
  const link = await tx.ltiCourseLink.findFirst({
    where: { courseId, lineItemsUrl: { not: null } },
    select: { id: true },
  });
  if (!link) return false;
  const payload: GradebookJobPayload = { sessionId };
  return scheduleJob(tx, {
    queue: GRADEBOOK_QUEUE,
    key: `grades:${sessionId}`,
    payload,
    maxAttempts: GRADEBOOK_SYNC_MAX_ATTEMPTS,
  });
}
