import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import { moderationAlertQueue } from "./alert-queue.ts";
import { moderationAlertHandlers } from "./moderation-alert-job.ts";
import { recordModerationFlag } from "./record-flag.ts";
import type { StaffNotifier, StaffRecipient } from "./staff-notifier.ts";

// The alert job on a real database: who a queued alert reaches when it finally runs.
const student = studentActor("U-ALERT-STUDENT");
const teacher = studentActor("U-ALERT-TEACHER");
let database: Database;
let courseId: string;
let teacherId: string;
/** Each flag a day after the last, so no test's flag falls in another's quiet window. */
let day = 0;
const sent: Array<{ recipient: StaffRecipient; reply: Reply }> = [];
const notifier: StaffNotifier = {
  platform: "DISCORD",
  async sendDirect(recipient, reply) {
    sent.push({ recipient, reply });
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  const course = await seedCourse(database.prisma, "Biology 101", [teacher], "STAFF");
  courseId = course.id;
  teacherId = (await resolveUser(database.prisma, teacher)).userId;
});
afterAll(() => database?.close());
beforeEach(async () => {
  sent.length = 0;
  await database.prisma.enrollment.updateMany({
    where: { courseId, userId: teacherId },
    data: { role: "STAFF", removedAt: null },
  });
});

/** Flags a self-harm question and runs its queued alerts with the Discord notifier. */
async function flagAndRunAlerts(beforeRun: () => Promise<void>) {
  const db = database.prisma;
  const { userId } = await resolveUser(db, student);
  const { alerts } = await recordModerationFlag(db, {
    courseId,
    userId,
    kind: "question",
    text: "I want to die",
    result: { flagged: true, categories: ["self-harm/intent"], selfHarm: true, source: "local" },
    now: new Date(Date.UTC(2026, 0, 1 + day++)),
  });
  await beforeRun();
  const queue = moderationAlertQueue("DISCORD");
  const jobs = await db.scheduledJob.findMany({ where: { queue, doneAt: null } });
  const handler = moderationAlertHandlers({ db, logger: silentLogger(), notifier })[queue]!;
  for (const job of jobs) {
    await handler({ ...job, signal: new AbortController().signal });
    await db.scheduledJob.update({ where: { id: job.id }, data: { doneAt: new Date() } });
  }
  return { alerts };
}

describe("moderation alert job", () => {
  it("DMs the course's staff about a flagged question", async () => {
    const { alerts } = await flagAndRunAlerts(async () => {});
    expect(alerts).toBe(1);
    expect(sent.map((s) => s.recipient.externalId)).toEqual([teacher.externalId]);
  });

  it("attack: a staff member demoted to student before the queued alert runs is not told a student's name and self-harm concern", async () => {
    const { alerts } = await flagAndRunAlerts(async () => {
      await database.prisma.enrollment.updateMany({
        where: { courseId, userId: teacherId },
        data: { role: "STUDENT" },
      });
    });
    expect(alerts).toBe(1);
    expect(sent).toEqual([]);
  });

  it("attack: a staff member removed from the course before the queued alert runs is not told", async () => {
    await flagAndRunAlerts(async () => {
      await database.prisma.enrollment.updateMany({
        where: { courseId, userId: teacherId },
        data: { removedAt: new Date() },
      });
    });
    expect(sent).toEqual([]);
  });
});
