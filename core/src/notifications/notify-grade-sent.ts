import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { type NotifyDb, notify } from "./notify.ts";

const gradeSentInput = z.object({
  userId: z.uuid(),
  courseId: z.uuid(),
  quizTitle: z.string().min(1).max(300),
  /** The LMS course's name, when the LMS gave one; else the gradebook is named by our course. */
  lmsCourse: z.string().min(1).max(300).optional(),
  sessionId: z.uuid(),
  now: z.date(),
});

/**
 * Tells a student their score of a finished quiz session reached the LMS gradebook (a GRADE_SENT
 * notification; the session is its source, so a gradebook sync that runs again, or posts to a second
 * LMS context, notifies once). Called by the LMS grade delivery once the score is posted.
 *
 * @returns whether it was newly stored
 */
export async function notifyGradeSent(
  db: NotifyDb & Pick<Prisma, "course">,
  input: { userId: string; courseId: string; quizTitle: string; lmsCourse?: string; sessionId: string },
  options: { now: Date },
): Promise<boolean> {
  const { userId, courseId, quizTitle, lmsCourse, sessionId, now } = parseUseCaseInput(gradeSentInput, {
    ...input,
    now: options.now,
  });
  const where =
    lmsCourse ??
    `the ${(await db.course.findUnique({ where: { id: courseId }, select: { name: true } }))?.name ?? "course"} gradebook`;
  const stored = await notify(
    db,
    [
      {
        userId,
        courseId,
        kind: "GRADE_SENT",
        title: `Score sent: ${quizTitle}`,
        body: `Your score for ${quizTitle} was sent to ${where}.`,
        sourceKey: sessionId,
      },
    ],
    { now },
  );
  return stored === 1;
}
