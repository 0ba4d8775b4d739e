import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { ModerationResult } from "./moderator.ts";
import { ALERT_QUIET_MS, recordModerationFlag } from "./record-flag.ts";

// Staff alerts per flag, and the quiet window that keeps a student repeating themselves from flooding
// staff's DMs, on a real database. Times are given, not read from the clock.
const student = studentActor("U-QUIET-STUDENT");
const teacher = studentActor("U-QUIET-TEACHER");
const SELF_HARM: ModerationResult = {
  flagged: true,
  categories: ["self-harm/intent"],
  selfHarm: true,
  source: "local",
};
const THREAT: ModerationResult = {
  flagged: true,
  categories: ["violence"],
  selfHarm: false,
  source: "local",
};
const MINUTE = 60_000;
let database: Database;
let courseId: string;
let userId: string;
let start: number;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(database.prisma, "Biology 101", [teacher], "STAFF")).id;
  userId = (await resolveUser(database.prisma, student)).userId;
});
afterAll(() => database?.close());
beforeEach(async () => {
  await database.prisma.moderationFlag.deleteMany({});
  await database.prisma.scheduledJob.deleteMany({});
  start = Date.UTC(2026, 0, 1);
});

/** Records a flag `minutes` after the test's start and returns how many alerts it queued. */
async function flagAt(minutes: number, result = SELF_HARM): Promise<number> {
  const { alerts } = await recordModerationFlag(database.prisma, {
    courseId,
    userId,
    kind: "question",
    text: "I want to die",
    result,
    now: new Date(start + minutes * MINUTE),
  });
  return alerts;
}

describe("recordModerationFlag's quiet window", () => {
  it("alerts once for flags repeated within the window, and again once it has passed", async () => {
    expect(await flagAt(0)).toBe(1);
    expect(await flagAt(5)).toBe(0);
    expect(await flagAt(ALERT_QUIET_MS / MINUTE + 1)).toBe(1);
  });

  it("attack on the alerting: a student writing every ten minutes is alerted about again each time the window since the last alert has passed", async () => {
    const alerts: number[] = [];
    for (let minutes = 0; minutes <= 40; minutes += 10) alerts.push(await flagAt(minutes));
    // 0: alert; 10: quiet; 20: 20 minutes since the last alert, so alert; 30: quiet; 40: alert.
    expect(alerts).toEqual([1, 0, 1, 0, 1]);
  });

  it("alerts about self-harm even right after an alert about something else", async () => {
    expect(await flagAt(0, THREAT)).toBe(1);
    expect(await flagAt(1, SELF_HARM)).toBe(1);
    expect(await flagAt(2, THREAT)).toBe(0);
  });

  it("alerts again once staff reviewed the earlier flag", async () => {
    expect(await flagAt(0)).toBe(1);
    await database.prisma.moderationFlag.updateMany({ data: { status: "REVIEWED" } });
    expect(await flagAt(1)).toBe(1);
  });
});

describe("recordModerationFlag and staff inboxes", () => {
  it("puts an alerted flag in every staff member's inbox as already sent, without the student's words", async () => {
    await database.prisma.notification.deleteMany({});
    expect(await flagAt(0)).toBe(1);
    await flagAt(1);
    const { userId: teacherId } = await resolveUser(database.prisma, teacher);
    const inbox = await database.prisma.notification.findMany({ where: { userId: teacherId } });
    // The second flag fell inside the quiet window: no alert, and no second inbox entry either.
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      kind: "MODERATION_FLAG",
      courseId,
      title: "A student in Biology 101 may need support now",
    });
    expect(inbox[0]?.sentAt).not.toBeNull();
    expect(inbox[0]?.body).not.toContain("I want to die");
    // Kept as sent: the alert job DMs it, so no notification delivery job is queued.
    expect(await database.prisma.scheduledJob.count({ where: { queue: "notify.deliver" } })).toBe(0);
  });
});
