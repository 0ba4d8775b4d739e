// Two job runners on one database deliver many people's notifications: everyone gets their messages,
// no notification twice, never two messages within a minute per person. The app's clock is the test's;
// the jobs' due times are in the past of the database's clock, so every job is due at once and the
// runners race for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps } from "../deps.ts";
import type { StudyNudgeSender } from "../flashcards/nudge/study-nudge-sender.ts";
import { createJobRunner, type JobRunner } from "../jobs/job-runner.ts";
import { silentLogger } from "../logger.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { NOTIFY_QUEUE, notificationJobHandler } from "./deliver-notifications.ts";
import { NOTIFY_MIN_INTERVAL_MS } from "./delivery-pacing.ts";
import { notify } from "./notify.ts";

let database: Database;
const db = () => database.prisma;
let clockNow = new Date("2026-03-02T10:00:00Z");
const received = new Map<string, string[]>();

const slack: StudyNudgeSender = {
  platform: "SLACK",
  async send(input) {
    const text = input.reply.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
    received.set(input.externalId, [...(received.get(input.externalId) ?? []), text]);
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

function runner(name: string): JobRunner {
  const deps = createStudyHallDeps({
    db: db(),
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => clockNow,
  });
  return createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: { [NOTIFY_QUEUE]: notificationJobHandler(deps, () => [slack]) },
    workerId: name,
    concurrency: 4,
  });
}

/** Both runners pass over the due jobs together until neither finds one. */
async function drain(a: JobRunner, b: JobRunner): Promise<void> {
  for (let pass = 0; pass < 100; pass++) {
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    if (ranA + ranB === 0) return;
  }
  throw new Error("the runners never ran out of jobs");
}

const PEOPLE = 12;

describe("notification delivery with two runners", () => {
  it("delivers every person's notifications, none twice, never two messages a minute apart or less", async () => {
    const users: Array<{ userId: string; externalId: string }> = [];
    for (let i = 0; i < PEOPLE; i++) {
      const externalId = `U-RACE-${i}`;
      const { userId } = await resolveUser(db(), { platform: "SLACK", tenant: "T1", externalId });
      users.push({ userId, externalId });
    }
    const a = runner("runner-a");
    const b = runner("runner-b");
    const base = clockNow.getTime();
    // Three notifications per person at three moments of the same minute: three delivery jobs each.
    for (const [n, offset] of [0, 1_000, 2_000].entries()) {
      clockNow = new Date(base + offset);
      await notify(
        db(),
        users.map((u) => ({
          userId: u.userId,
          courseId: null,
          kind: "QUIZ_RESULT" as const,
          title: `Result ${n + 1}`,
          body: "",
          sourceKey: `wave-1-${n}`,
        })),
        { now: clockNow },
      );
    }
    await drain(a, b);
    // A second wave 30 s later: it must wait for the minute to pass.
    clockNow = new Date(base + 30_000);
    await notify(
      db(),
      users.map((u) => ({
        userId: u.userId,
        courseId: null,
        kind: "QUIZ_RESULT" as const,
        title: "Result 4",
        body: "",
        sourceKey: "wave-2",
      })),
      { now: clockNow },
    );
    await drain(a, b);

    for (const u of users) {
      const messages = received.get(u.externalId) ?? [];
      expect(messages).toHaveLength(2);
      expect(messages[0]).toContain("3 updates");
      expect(messages[1]).toContain("Result 4");
      const rows = await db().notification.findMany({
        where: { userId: u.userId },
        orderBy: { sentAt: "asc" },
      });
      expect(rows.every((r) => r.sentAt !== null)).toBe(true);
      const times = [...new Set(rows.map((r) => r.sentAt!.getTime()))].sort((x, y) => x - y);
      expect(times).toHaveLength(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(NOTIFY_MIN_INTERVAL_MS);
    }
    const total = [...received.values()].reduce((sum, m) => sum + m.length, 0);
    expect(total).toBe(PEOPLE * 2);
  });
});
