import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedCourse } from "../../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createAi } from "../../ai/create-ai.ts";
import type { Database } from "../../db/open-database.ts";
import { createStudyHallDeps } from "../../deps.ts";
import { silentLogger } from "../../logger.ts";
import type { Actor } from "../../people/actor.ts";
import type { Reply } from "../../reply/reply.ts";
import { runStudyNudge } from "./run-study-nudge.ts";
import { scheduleNextNudge } from "./schedule-next-nudge.ts";
import type { StudyNudgeSender } from "./study-nudge-sender.ts";

const discord: Actor = { platform: "DISCORD", tenant: "", externalId: "U-NUDGE" };
let database: Database;
let userId: string;
let courseId: string;
let cardId: string;
const db = () => database.prisma;
const sent: Array<{ platform: string; externalId: string; reply: Reply }> = [];

function sender(platform: "SLACK" | "DISCORD"): StudyNudgeSender {
  return {
    platform,
    async send(input) {
      sent.push({ platform, externalId: input.externalId, reply: input.reply });
    },
  };
}
const senders = [sender("SLACK"), sender("DISCORD")];

async function jobs() {
  const rows = await db().scheduledJob.findMany({ orderBy: { runAt: "asc" } });
  return rows.map((j) => ({ key: j.key, runAt: j.runAt.toISOString(), done: j.doneAt !== null }));
}

/** Runs the pending nudge job as the job runner would at `now`: the handler, then the row marked done. */
async function runPendingNudge(now: Date): Promise<void> {
  const job = await db().scheduledJob.findFirstOrThrow({
    where: { doneAt: null },
    orderBy: { runAt: "asc" },
  });
  expect(job.runAt.getTime()).toBeLessThanOrEqual(now.getTime());
  const deps = createStudyHallDeps({
    db: db(),
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => now,
  });
  await runStudyNudge(deps, job.payload, senders);
  await db().scheduledJob.update({ where: { id: job.id }, data: { doneAt: now } });
}

async function settings(values: {
  nudgeEnabled?: boolean;
  nudgeHour?: number;
  timeZone?: string;
  quietStartHour?: number | null;
  quietEndHour?: number | null;
}) {
  await db().studySettings.upsert({ where: { userId }, create: { userId, ...values }, update: values });
}

async function cardDue(due: Date) {
  await db().cardState.upsert({
    where: { userId_cardId: { userId, cardId } },
    create: { userId, cardId, courseId, due, state: 2, reps: 3 },
    update: { due },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Nudged", [discord])).id;
  userId = (await db().identity.findFirstOrThrow({ where: { externalId: discord.externalId } })).userId;
  const deck = await db().deck.create({
    data: { courseId, kind: "PERSONAL", ownerId: userId, title: "Mine" },
  });
  cardId = (
    await db().card.create({ data: { deckId: deck.id, courseId, position: 0, front: "Q", back: "A" } })
  ).id;
});
afterAll(() => database?.close());
beforeEach(async () => {
  sent.length = 0;
  await db().scheduledJob.deleteMany();
  await db().studySettings.deleteMany();
  await db().cardState.deleteMany();
});

describe("scheduleNextNudge", () => {
  it("schedules nothing until the person opts in", async () => {
    await scheduleNextNudge(db(), { userId, now: new Date("2027-03-10T12:00:00Z") });
    await settings({ nudgeEnabled: false });
    await scheduleNextNudge(db(), { userId, now: new Date("2027-03-10T12:00:00Z") });
    expect(await jobs()).toEqual([]);
  });

  it("runs at the local hour across the spring daylight-saving change, one message a local day", async () => {
    await settings({ nudgeEnabled: true, nudgeHour: 8, timeZone: "America/New_York" });
    await cardDue(new Date("2027-03-13T00:00:00Z"));
    // 7 am EST on Saturday 13 March: today's 8 am is still ahead.
    await scheduleNextNudge(db(), { userId, now: new Date("2027-03-13T12:00:00Z") });
    expect(await jobs()).toEqual([
      { key: `study-nudge:${userId}:2027-03-13`, runAt: "2027-03-13T13:00:00.000Z", done: false },
    ]);
    await runPendingNudge(new Date("2027-03-13T13:00:00Z"));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ platform: "DISCORD", externalId: "U-NUDGE" });
    expect(sent[0]?.reply.blocks).toContainEqual({
      type: "buttons",
      buttons: [{ label: "Review now", style: "primary", action: { kind: "card.review", courseId: "" } }],
    });
    // Sunday 14 March is EDT (UTC-4): 8 am is 12:00 UTC.
    expect((await jobs()).at(-1)).toEqual({
      key: `study-nudge:${userId}:2027-03-14`,
      runAt: "2027-03-14T12:00:00.000Z",
      done: false,
    });
    // Moving the hour later the same day does not bring a second message today.
    await settings({ nudgeHour: 20 });
    await scheduleNextNudge(db(), { userId, now: new Date("2027-03-13T15:00:00Z") });
    expect(await jobs()).toEqual([
      { key: `study-nudge:${userId}:2027-03-13`, runAt: "2027-03-13T13:00:00.000Z", done: true },
      { key: `study-nudge:${userId}:2027-03-14`, runAt: "2027-03-15T00:00:00.000Z", done: false },
    ]);
  });

  it("waits for the end of quiet hours, even past midnight", async () => {
    await settings({
      nudgeEnabled: true,
      nudgeHour: 22,
      quietStartHour: 21,
      quietEndHour: 7,
      timeZone: "Europe/Berlin",
    });
    await scheduleNextNudge(db(), { userId, now: new Date("2027-06-01T10:00:00Z") });
    // 22:00 falls in 21-7, so 07:00 the next morning (CEST, UTC+2).
    expect(await jobs()).toEqual([
      { key: `study-nudge:${userId}:2027-06-02`, runAt: "2027-06-02T05:00:00.000Z", done: false },
    ]);
    await settings({ quietStartHour: 12, quietEndHour: 14, nudgeHour: 13 });
    await scheduleNextNudge(db(), { userId, now: new Date("2027-06-01T10:00:00Z") });
    expect(await jobs()).toEqual([
      { key: `study-nudge:${userId}:2027-06-01`, runAt: "2027-06-01T12:00:00.000Z", done: false },
    ]);
  });
});

describe("runStudyNudge", () => {
  it("sends nothing when nothing is due, and still schedules tomorrow", async () => {
    await settings({ nudgeEnabled: true, nudgeHour: 9 });
    await cardDue(new Date("2027-05-02T00:00:00Z"));
    await scheduleNextNudge(db(), { userId, now: new Date("2027-05-01T08:00:00Z") });
    await runPendingNudge(new Date("2027-05-01T09:00:00Z"));
    expect(sent).toEqual([]);
    expect((await jobs()).at(-1)?.key).toBe(`study-nudge:${userId}:2027-05-02`);
  });

  it("sends nothing and schedules nothing once the person opted out", async () => {
    await settings({ nudgeEnabled: true, nudgeHour: 9 });
    await cardDue(new Date("2027-05-01T00:00:00Z"));
    await scheduleNextNudge(db(), { userId, now: new Date("2027-05-01T08:00:00Z") });
    // Opted out without the settings' own rescheduling (e.g. a change made by hand): the job still runs.
    await db().studySettings.update({ where: { userId }, data: { nudgeEnabled: false } });
    await runPendingNudge(new Date("2027-05-01T09:00:00Z"));
    expect(sent).toEqual([]);
    expect((await jobs()).filter((j) => !j.done)).toEqual([]);
  });

  it("uses the chat the person used last", async () => {
    await settings({ nudgeEnabled: true, nudgeHour: 9 });
    await cardDue(new Date("2027-05-01T00:00:00Z"));
    await db().identity.create({
      data: {
        userId,
        platform: "SLACK",
        tenant: "T1",
        externalId: "W-NUDGE",
        lastSeenAt: new Date(Date.now() + 86_400_000),
      },
    });
    await scheduleNextNudge(db(), { userId, now: new Date("2027-05-01T08:00:00Z") });
    await runPendingNudge(new Date("2027-05-01T09:00:00Z"));
    expect(sent.map((s) => [s.platform, s.externalId])).toEqual([["SLACK", "W-NUDGE"]]);
    expect(sent[0]?.reply.blocks[0]).toMatchObject({
      type: "text",
      text: expect.stringContaining("1 flashcard is due"),
    });
  });
});
