import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/open-database.ts";
import { atLocalHour, localParts, nextLocalDate } from "../time/local-time.ts";
import { scheduleSessionSteps } from "./session-steps-schedule.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * The same wall-clock time one week later in `timeZone`: 18:00 stays 18:00 across a daylight-saving
 * change, so the instant moves by an hour.
 */
export function sameLocalTimeNextWeek(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  return atLocalHour(nextLocalDate(p, 7), p.hour, timeZone, p.minute);
}

/**
 * Makes a weekly session's next occurrence (idempotent on series and start) with its steps, and carries
 * Going and Maybe over: saying you come to a weekly group means every week until you say otherwise.
 */
export async function scheduleNextOccurrence(tx: Tx, sessionId: string, now: Date): Promise<void> {
  const current = await tx.studySession.findUniqueOrThrow({ where: { id: sessionId } });
  if (current.recurrence !== "WEEKLY") return;
  const startsAt = sameLocalTimeNextWeek(current.startsAt, current.timeZone);
  const endsAt = new Date(startsAt.getTime() + (current.endsAt.getTime() - current.startsAt.getTime()));
  await tx.studySession.createMany({
    data: [
      {
        id: randomUUID(),
        courseId: current.courseId,
        seriesId: current.seriesId,
        title: current.title,
        startsAt,
        endsAt,
        timeZone: current.timeZone,
        recurrence: "WEEKLY",
        quizId: current.quizId,
        deckId: current.deckId,
        createdById: current.createdById,
        platform: current.platform,
        tenant: current.tenant,
        channelId: current.channelId,
      },
    ],
    skipDuplicates: true,
  });
  const next = await tx.studySession.findUniqueOrThrow({
    where: { seriesId_startsAt: { seriesId: current.seriesId, startsAt } },
  });
  const rsvps = await tx.studySessionRsvp.findMany({
    where: { sessionId, status: { in: ["GOING", "MAYBE"] } },
    select: { userId: true, status: true },
  });
  await tx.studySessionRsvp.createMany({
    data: rsvps.map((r) => ({ sessionId: next.id, userId: r.userId, status: r.status })),
    skipDuplicates: true,
  });
  await scheduleSessionSteps(tx, next, now);
}
