// Delivery of notifications through a recording DM sender (the StudyNudgeSender port), with the clock
// moved by the test: the pace of one message a minute, batching, quiet hours, the digest, a failed
// send and its retry, kinds turned off. Jobs are run as the runner would at the test's time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps } from "../deps.ts";
import type { StudyNudgeSender } from "../flashcards/nudge/study-nudge-sender.ts";
import { silentLogger } from "../logger.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import { NOTIFY_QUEUE, runNotificationDelivery } from "./deliver-notifications.ts";
import { listNotifications } from "./inbox.ts";
import { setNotificationDigest, setNotificationKind } from "./notification-settings.ts";
import { type NotificationInput, notify } from "./notify.ts";

let database: Database;
const db = () => database.prisma;
const sent: Array<{ externalId: string; reply: Reply; at: Date }> = [];
let clockNow = new Date(0);
let failNext = 0;

const discord: StudyNudgeSender = {
  platform: "DISCORD",
  async send(input) {
    if (failNext > 0) {
      failNext--;
      throw new Error("Discord answered 500");
    }
    sent.push({ externalId: input.externalId, reply: input.reply, at: clockNow });
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const deps = () =>
  createStudyHallDeps({
    db: db(),
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => clockNow,
  });

let people = 0;
async function person(): Promise<{ actor: Actor; userId: string }> {
  people++;
  const actor: Actor = { platform: "DISCORD", tenant: "", externalId: `U-NOTE-${people}` };
  const { userId } = await resolveUser(db(), actor);
  return { actor, userId };
}

const item = (userId: string, n: number, over: Partial<NotificationInput> = {}): NotificationInput => ({
  userId,
  courseId: null,
  kind: "GRADE_SENT",
  title: `Update ${n}`,
  body: `Body ${n}`,
  sourceKey: `source-${n}`,
  ...over,
});

/** Runs every delivery job of `userId` due at `at`, as the job runner would with its clock there. */
async function runDue(userId: string, at: Date): Promise<void> {
  clockNow = at;
  for (;;) {
    const job = await db().scheduledJob.findFirst({
      where: {
        queue: NOTIFY_QUEUE,
        doneAt: null,
        runAt: { lte: at },
        key: { startsWith: `notify:${userId}:` },
      },
      orderBy: { runAt: "asc" },
    });
    if (!job) return;
    await runNotificationDelivery(deps(), job.payload, [discord]);
    await db().scheduledJob.update({ where: { id: job.id }, data: { doneAt: at } });
  }
}

const messagesTo = (actor: Actor) => sent.filter((m) => m.externalId === actor.externalId);
const textOf = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
const pendingJobs = (userId: string) =>
  db().scheduledJob.findMany({
    where: { queue: NOTIFY_QUEUE, doneAt: null, key: { startsWith: `notify:${userId}:` } },
    orderBy: { runAt: "asc" },
  });
const at = (iso: string) => new Date(iso);

describe("notification delivery", () => {
  it("stores a notification once per person, kind and source", async () => {
    const { userId } = await person();
    const now = at("2026-02-10T15:00:00Z");
    expect(await notify(db(), [item(userId, 1), item(userId, 1)], { now })).toBe(1);
    expect(await notify(db(), [item(userId, 1)], { now })).toBe(0);
    // The same source under another kind is another notification.
    expect(await notify(db(), [item(userId, 1, { kind: "QUIZ_RESULT" })], { now })).toBe(1);
    expect(await db().notification.count({ where: { userId } })).toBe(2);
  });

  it("sends three notifications of the same minute as one message listing all three", async () => {
    const { actor, userId } = await person();
    await notify(db(), [item(userId, 1)], { now: at("2026-02-10T15:00:00Z") });
    await notify(db(), [item(userId, 2)], { now: at("2026-02-10T15:00:10Z") });
    await notify(db(), [item(userId, 3)], { now: at("2026-02-10T15:00:20Z") });
    await runDue(userId, at("2026-02-10T15:00:30Z"));
    const messages = messagesTo(actor);
    expect(messages).toHaveLength(1);
    const text = textOf(messages[0]!.reply);
    expect(text).toContain("3 updates");
    for (const n of [1, 2, 3]) expect(text).toContain(`Update ${n}`);
    expect(JSON.stringify(messages[0]!.reply)).toContain("notifications.read");
    // The jobs that were too early found nothing more to send a minute later.
    await runDue(userId, at("2026-02-10T15:05:00Z"));
    expect(messagesTo(actor)).toHaveLength(1);
    expect(await db().notification.count({ where: { userId, sentAt: null } })).toBe(0);
  });

  it("sends a notification arriving 30 s after a message a minute after that message, not before", async () => {
    const { actor, userId } = await person();
    await notify(db(), [item(userId, 1)], { now: at("2026-02-10T16:00:00Z") });
    await runDue(userId, at("2026-02-10T16:00:00Z"));
    expect(messagesTo(actor)).toHaveLength(1);
    await notify(db(), [item(userId, 2)], { now: at("2026-02-10T16:00:30Z") });
    const [job] = await pendingJobs(userId);
    expect(job?.runAt.toISOString()).toBe("2026-02-10T16:01:00.000Z");
    // A delivery run early (another job, a skewed runner) sends nothing and waits its turn.
    clockNow = at("2026-02-10T16:00:59Z");
    await runNotificationDelivery(deps(), { userId }, [discord]);
    expect(messagesTo(actor)).toHaveLength(1);
    await runDue(userId, at("2026-02-10T16:01:00Z"));
    const messages = messagesTo(actor);
    expect(messages).toHaveLength(2);
    expect(messages[1]!.at.toISOString()).toBe("2026-02-10T16:01:00.000Z");
    expect(textOf(messages[1]!.reply)).toBe("**Update 2**\nBody 2");
  });

  it("holds a notification in quiet hours until they end", async () => {
    const { actor, userId } = await person();
    await db().studySettings.create({
      data: { userId, timeZone: "America/New_York", quietStartHour: 22, quietEndHour: 7 },
    });
    // 23:00 in New York.
    await notify(db(), [item(userId, 1)], { now: at("2026-02-11T04:00:00Z") });
    const [job] = await pendingJobs(userId);
    expect(job?.runAt.toISOString()).toBe("2026-02-11T12:00:00.000Z");
    clockNow = at("2026-02-11T05:00:00Z");
    await runNotificationDelivery(deps(), { userId }, [discord]);
    expect(messagesTo(actor)).toHaveLength(0);
    await runDue(userId, at("2026-02-11T12:00:00Z"));
    expect(messagesTo(actor)).toHaveLength(1);
  });

  it("sends a digest once, at the digest hour", async () => {
    const { actor, userId } = await person();
    await setNotificationDigest(db(), { actor, digest: true, hour: 18 }, { now: at("2026-02-12T08:00:00Z") });
    await notify(db(), [item(userId, 1)], { now: at("2026-02-12T09:00:00Z") });
    await notify(db(), [item(userId, 2)], { now: at("2026-02-12T12:00:00Z") });
    await runDue(userId, at("2026-02-12T17:59:59Z"));
    expect(messagesTo(actor)).toHaveLength(0);
    await runDue(userId, at("2026-02-12T18:00:00Z"));
    expect(messagesTo(actor)).toHaveLength(1);
    expect(textOf(messagesTo(actor)[0]!.reply)).toContain("2 updates");
    // Something after the digest waits for tomorrow's.
    await notify(db(), [item(userId, 3)], { now: at("2026-02-12T18:30:00Z") });
    await runDue(userId, at("2026-02-12T23:00:00Z"));
    expect(messagesTo(actor)).toHaveLength(1);
    await runDue(userId, at("2026-02-13T18:00:00Z"));
    expect(messagesTo(actor)).toHaveLength(2);
    expect(textOf(messagesTo(actor)[1]!.reply)).toContain("Update 3");
  });

  it("leaves notifications unsent when the send throws, and the retry sends them once", async () => {
    const { actor, userId } = await person();
    await notify(db(), [item(userId, 1), item(userId, 2)], { now: at("2026-02-14T10:00:00Z") });
    failNext = 1;
    clockNow = at("2026-02-14T10:00:00Z");
    await expect(runNotificationDelivery(deps(), { userId }, [discord])).rejects.toThrow(
      "Discord answered 500",
    );
    expect(await db().notification.count({ where: { userId, sentAt: null } })).toBe(2);
    expect((await db().studySettings.findUniqueOrThrow({ where: { userId } })).lastNotifiedAt).toBeNull();
    // The job's retry, a couple of seconds later.
    clockNow = at("2026-02-14T10:00:02Z");
    await runNotificationDelivery(deps(), { userId }, [discord]);
    await runNotificationDelivery(deps(), { userId }, [discord]);
    expect(messagesTo(actor)).toHaveLength(1);
    expect(textOf(messagesTo(actor)[0]!.reply)).toContain("2 updates");
    expect(await db().notification.count({ where: { userId, sentAt: null } })).toBe(0);
  });

  it("keeps a kind turned off in the inbox and never sends it", async () => {
    const { actor, userId } = await person();
    await setNotificationKind(
      db(),
      { actor, kind: "GRADE_SENT", on: false },
      { now: at("2026-02-15T09:00:00Z") },
    );
    expect(await notify(db(), [item(userId, 1)], { now: at("2026-02-15T10:00:00Z") })).toBe(1);
    await runDue(userId, at("2026-02-16T10:00:00Z"));
    clockNow = at("2026-02-16T10:00:00Z");
    await runNotificationDelivery(deps(), { userId }, [discord]);
    expect(messagesTo(actor)).toHaveLength(0);
    const inbox = await listNotifications(db(), { actor });
    expect(inbox.items.map((i) => i.title)).toEqual(["Update 1"]);
    expect(inbox.unread).toBe(1);
    expect(inbox.settings.off).toEqual(["GRADE_SENT"]);
    // Turned on again, later ones are sent; the one that came while it was off stays unsent.
    await setNotificationKind(
      db(),
      { actor, kind: "GRADE_SENT", on: true },
      { now: at("2026-02-16T11:00:00Z") },
    );
    await notify(db(), [item(userId, 2)], { now: at("2026-02-16T11:00:00Z") });
    await runDue(userId, at("2026-02-16T11:00:00Z"));
    expect(messagesTo(actor).map((m) => textOf(m.reply))).toEqual(["**Update 2**\nBody 2"]);
  });

  it("does not send a waiting notification whose kind was turned off before its delivery", async () => {
    const { actor, userId } = await person();
    await notify(db(), [item(userId, 1, { kind: "QUIZ_RESULT" }), item(userId, 2)], {
      now: at("2026-02-18T10:00:00Z"),
    });
    await setNotificationKind(
      db(),
      { actor, kind: "QUIZ_RESULT", on: false },
      { now: at("2026-02-18T10:00:01Z") },
    );
    await runDue(userId, at("2026-02-18T10:00:02Z"));
    expect(messagesTo(actor).map((m) => textOf(m.reply))).toEqual(["**Update 2**\nBody 2"]);
  });

  it("leaves notifications in the inbox for a person no chat can reach", async () => {
    const actor: Actor = { platform: "LTI", tenant: "https://lms.example", externalId: "sub-1" };
    const { userId } = await resolveUser(db(), actor);
    await notify(db(), [item(userId, 1)], { now: at("2026-02-17T10:00:00Z") });
    // No delivery job is even scheduled: nothing could send it, and an LMS-only deployment runs none.
    expect(await db().scheduledJob.count({ where: { key: { startsWith: `notify:${userId}:` } } })).toBe(0);
    await runDue(userId, at("2026-02-17T10:00:00Z"));
    expect(await db().notification.count({ where: { userId, sentAt: null } })).toBe(1);
  });
});
