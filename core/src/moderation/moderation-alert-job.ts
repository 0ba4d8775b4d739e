import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import type { JobHandler } from "../jobs/job-runner.ts";
import type { Logger } from "../logger.ts";
import type { Reply } from "../reply/reply.ts";
import { moderationAlertQueue } from "./alert-queue.ts";
import type { StaffNotifier } from "./staff-notifier.ts";

const payloadSchema = z.object({ flagId: z.string().uuid(), identityId: z.string().uuid() });

export interface StaffAlert {
  courseName: string;
  /** The student's display name, or null when none is known. */
  studentName: string | null;
  kind: "QUESTION" | "ANSWER";
  categories: string[];
  selfHarm: boolean;
}

/**
 * The DM a staff member gets: which course, who, what kind of concern, and where to review it. The
 * flagged words themselves stay on the LMS page (staff-only, deleted with the person), not in chat
 * histories.
 */
export function staffAlertReply(alert: StaffAlert): Reply {
  const who = alert.studentName ?? "A student";
  const what =
    alert.kind === "QUESTION"
      ? `${who} asked the tutor something that was flagged`
      : `The tutor's answer to ${alert.studentName ?? "a student"} was flagged and withheld`;
  const headline = alert.selfHarm
    ? `⚠️ ${who} may need support now: a message in **${alert.courseName}** mentioned self-harm. They were shown where to find help. Please check in with them.`
    : `${what} in **${alert.courseName}**.`;
  return {
    visibility: "private",
    blocks: [
      { type: "notice", tone: alert.selfHarm ? "error" : "warning", text: headline },
      {
        type: "fields",
        fields: [
          { label: "Course", value: alert.courseName },
          { label: "Categories", value: alert.categories.join(", ") || "flagged" },
        ],
      },
      { type: "text", text: "Review it in the course's **Flagged** list on the LMS page." },
    ],
  };
}

/**
 * The job handlers that deliver moderation alerts through one platform's notifier. Idempotent per
 * (flag, account) by the job key; a flag or account deleted meanwhile (a privacy deletion), or an
 * account no longer active staff of the course, ends the job quietly. A failed send throws, and the
 * runner retries with backoff.
 */
export function moderationAlertHandlers(deps: {
  db: Prisma;
  logger: Logger;
  notifier: StaffNotifier;
}): Record<string, JobHandler> {
  const { db, notifier } = deps;
  const log = deps.logger.child({ component: "moderation-alerts", platform: notifier.platform });
  const handler: JobHandler = async (job) => {
    const { flagId, identityId } = payloadSchema.parse(job.payload);
    const [flag, identity] = await Promise.all([
      db.moderationFlag.findUnique({
        where: { id: flagId },
        include: { course: { select: { name: true } }, user: { select: { displayName: true } } },
      }),
      db.identity.findUnique({ where: { id: identityId } }),
    ]);
    if (!flag || !identity || identity.platform !== notifier.platform) {
      log.info({ flagId, identityId }, "moderation alert dropped: its flag or account is gone");
      return;
    }
    // Staff are chosen when the flag is written, but the alert may run later (a retry after a failed
    // send): someone demoted or removed from the course since then must not get a student's name.
    if (!(await isActiveStaff(db, flag.courseId, identity.userId))) {
      log.info({ flagId, identityId }, "moderation alert dropped: the account is no longer course staff");
      return;
    }
    const reply = staffAlertReply({
      courseName: flag.course.name,
      studentName: flag.user.displayName,
      kind: flag.kind,
      categories: Array.isArray(flag.categories) ? flag.categories.map(String) : [],
      selfHarm: flag.selfHarm,
    });
    await notifier.sendDirect({ tenant: identity.tenant, externalId: identity.externalId }, reply);
    log.info({ flagId, identityId, courseId: flag.courseId }, "moderation alert sent");
  };
  return { [moderationAlertQueue(notifier.platform)]: handler };
}

async function isActiveStaff(db: Prisma, courseId: string, userId: string): Promise<boolean> {
  const enrolment = await db.enrollment.findFirst({
    where: { courseId, userId, role: "STAFF", removedAt: null },
    select: { id: true },
  });
  return enrolment !== null;
}
