// A study session's whole life through core's use cases and the durable job runner, with a recording
// chat port standing in for a platform (the adapters' own tests drive the real Slack and Discord ones):
// scheduled in the scheduler's zone, announced, RSVPs, reminders delivered once with the clock moved,
// opened with the next week made, attendance, XP and the summary at the end, cancelling, calendars.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createJobClock, type JobClock } from "../../../test/support/advance-job-clock.ts";
import { seedCourse } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import type { StudyNudgeSender } from "../flashcards/nudge/study-nudge-sender.ts";
import { createJobRunner, type JobRunner } from "../jobs/job-runner.ts";
import { silentLogger } from "../logger.ts";
import { NOTIFY_QUEUE, notificationJobHandler } from "../notifications/deliver-notifications.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { sessionsSection } from "../privacy/export-sessions-section.ts";
import { getHistory } from "../progress/history.ts";
import type { Reply } from "../reply/reply.ts";
import { localDateOf } from "../time/local-time.ts";
import { calendarFeedLink, renderCalendarFeed, revokeCalendarFeed } from "./calendar-feeds.ts";
import { handleSessionAction } from "./rsvp-session.ts";
import { runSessionsCommand } from "./run-sessions-command.ts";
import { studySessionJobHandler } from "./session-steps.ts";
import type { StudySessionView } from "./session-view.ts";
import { STUDY_SESSION_QUEUE, type StudySessionPort } from "./study-session-port.ts";

let database: Database;
const db = () => database.prisma;
let clock: JobClock;
let deps: StudyHallDeps;
let runner: JobRunner;
const calls: Array<{ call: string; session: StudySessionView; reply?: Reply }> = [];
const dms = new Map<string, string[]>();

const text = (reply: Reply | undefined) =>
  (reply?.blocks ?? [])
    .flatMap((b) =>
      b.type === "text" || b.type === "notice"
        ? [b.text]
        : b.type === "fields"
          ? b.fields.map((f) => `${f.label}: ${f.value}`)
          : [],
    )
    .join("\n");

const port: StudySessionPort = {
  platform: "SLACK",
  async announce(session, reply) {
    calls.push({ call: "announce", session, reply });
    return { ref: `ts-${calls.length}` };
  },
  async update(session, reply) {
    calls.push({ call: "update", session, reply });
  },
  async open(session, reply) {
    calls.push({ call: "open", session, reply });
    return { threadRef: session.announcementRef ?? "none" };
  },
  async startQuiz(session) {
    calls.push({ call: "startQuiz", session });
    return null;
  },
  async postInThread(session, reply) {
    calls.push({ call: "postInThread", session, reply });
  },
};

const sender: StudyNudgeSender = {
  platform: "SLACK",
  async send({ externalId, reply }) {
    dms.set(externalId, [...(dms.get(externalId) ?? []), text(reply)]);
  },
};

const slack = (id: string, name: string): Actor => ({
  platform: "SLACK",
  tenant: "T1",
  externalId: id,
  displayName: name,
});
const space = { platform: "SLACK" as const, tenant: "T1", channelId: "C-BIO" };

async function drain(): Promise<void> {
  for (let pass = 0; pass < 50; pass++) {
    await clock.catchUp();
    if ((await runner.runDue()) === 0) return;
  }
  throw new Error("jobs never ran out");
}

/** Moves the clock to `at` (jobs with it) and runs what is due. */
async function moveTo(at: Date): Promise<void> {
  await clock.advance(at.getTime() - clock.now().getTime());
  await drain();
}

async function setZone(actor: Actor, timeZone: string) {
  const { userId } = await resolveUser(db(), actor);
  await db().studySettings.upsert({ where: { userId }, create: { userId, timeZone }, update: { timeZone } });
  return userId;
}

/** "YYYY-MM-DD" `days` from the clock's today in `timeZone`. */
function dayAhead(days: number, timeZone: string): string {
  return localDateOf(new Date(clock.now().getTime() + days * 86_400_000), timeZone);
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

beforeEach(async () => {
  clock = await createJobClock(db());
  deps = createStudyHallDeps({
    db: db(),
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => clock.now(),
    publicUrl: "https://studyhall.example/",
  });
  runner = createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: {
      [STUDY_SESSION_QUEUE]: studySessionJobHandler(deps, () => [port]),
      [NOTIFY_QUEUE]: notificationJobHandler(deps, () => [sender]),
    },
    workerId: "sessions-test",
  });
  calls.length = 0;
  dms.clear();
});

async function bioCourse(tag: string) {
  const staff = slack(`U-STAFF-${tag}`, "Dr Ada");
  const student = slack(`U-S1-${tag}`, "Sam");
  const other = slack(`U-S2-${tag}`, "Kim");
  const course = await seedCourse(db(), `Biology ${tag}`, [staff], "STAFF");
  for (const a of [student, other]) {
    const { userId } = await resolveUser(db(), a);
    await db().enrollment.create({
      data: { courseId: course.id, userId, role: "STUDENT", source: "MANUAL", roleSource: "MANUAL" },
    });
  }
  const channel = { ...space, channelId: `C-${tag}` };
  await db().courseSpace.create({
    data: {
      courseId: course.id,
      platform: "SLACK",
      kind: "SLACK_CHANNEL",
      tenant: "T1",
      externalId: channel.channelId,
    },
  });
  return { course, staff, student, other, channel };
}

describe("study sessions", () => {
  it("runs a weekly session end to end: announce, RSVP, reminders once, open, attendance, XP and summary", async () => {
    const { course, staff, student, other, channel } = await bioCourse("life");
    await setZone(staff, "America/Chicago");
    const studentId = await setZone(student, "Europe/Berlin");
    const day = dayAhead(3, "America/Chicago");
    const confirm = await runSessionsCommand(deps, {
      actor: staff,
      space: channel,
      command: { name: "schedule", title: "Week 3 review", when: `${day} 18:00`, weekly: true, minutes: 60 },
    });
    expect(text(confirm)).toContain("Scheduled “Week 3 review”");
    expect(text(confirm)).toContain("18:00 (America/Chicago)");
    const row = await db().studySession.findFirstOrThrow({ where: { courseId: course.id } });
    // 18:00 in Chicago is 00:00 UTC the next day in December (UTC-6).
    expect(row.startsAt.toISOString().slice(11, 16)).toBe("00:00");
    expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe(3_600_000);

    await drain();
    expect(calls.map((c) => c.call)).toEqual(["announce"]);
    expect(text(calls[0]?.reply)).toContain("0 going, 0 maybe");
    const refreshed = await db().studySession.findUniqueOrThrow({ where: { id: row.id } });
    expect(refreshed.announcementRef).toBe("ts-1");

    const going = await handleSessionAction(deps, {
      actor: student,
      space: channel,
      action: { kind: "session.rsvp", sessionId: row.id, choice: "GOING" },
    });
    expect(text(going.notice)).toContain("You're going to “Week 3 review”");
    // The student reads the time in their own zone (Berlin, UTC+1: 01:00 the next day).
    expect(text(going.notice)).toContain("01:00 (Europe/Berlin)");
    expect(text(going.announcement ?? undefined)).toContain("1 going, 0 maybe");
    await handleSessionAction(deps, {
      actor: other,
      space: channel,
      action: { kind: "session.rsvp", sessionId: row.id, choice: "MAYBE" },
    });

    await moveTo(new Date(row.startsAt.getTime() - 24 * 3_600_000));
    expect(dms.get(student.externalId)).toHaveLength(1);
    expect(dms.get(student.externalId)?.[0]).toContain("“Week 3 review” starts in 24 hours");
    expect(dms.get(other.externalId)).toBeUndefined();
    await drain();
    expect(dms.get(student.externalId)).toHaveLength(1);

    await moveTo(new Date(row.startsAt.getTime() - 15 * 60_000));
    expect(dms.get(student.externalId)).toHaveLength(2);
    expect(dms.get(student.externalId)?.[1]).toContain("starts in 15 minutes");

    await moveTo(row.startsAt);
    expect(calls.map((c) => c.call)).toEqual(["announce", "open", "update", "announce"]);
    const open = calls.find((c) => c.call === "open");
    expect(text(open?.reply)).toContain("has started");
    // The next week's occurrence exists at the same local time, with Going and Maybe carried over.
    const next = await db().studySession.findFirstOrThrow({
      where: { seriesId: row.seriesId, startsAt: { gt: row.startsAt } },
      include: { rsvps: true },
    });
    expect(next.startsAt.getTime() - row.startsAt.getTime()).toBe(7 * 86_400_000);
    expect(next.rsvps.map((r) => r.status).sort()).toEqual(["GOING", "MAYBE"]);

    const here = await handleSessionAction(deps, {
      actor: student,
      space: channel,
      action: { kind: "session.join", sessionId: row.id },
    });
    expect(text(here.notice)).toContain("You are marked here");

    await moveTo(row.endsAt);
    const summary = calls.find((c) => c.call === "postInThread");
    expect(text(summary?.reply)).toContain("**Came (1):** Sam");
    const xp = await db().xpEvent.findMany({ where: { courseId: course.id, kind: "SESSION_ATTENDED" } });
    expect(xp.map((x) => [x.userId, x.points, x.sourceKey])).toEqual([[studentId, 20, row.id]]);
    const ended = await db().studySession.findUniqueOrThrow({ where: { id: row.id } });
    expect(ended.status).toBe("ENDED");
    await expect(
      handleSessionAction(deps, {
        actor: other,
        space: channel,
        action: { kind: "session.join", sessionId: row.id },
      }),
    ).rejects.toMatchObject({ userMessage: "This session is over, so attendance is closed." });
    // The student's history lists the session; their export holds their answer and attendance.
    const history = await getHistory(db(), { actor: student, courseId: course.id });
    expect(history.items.filter((i) => i.kind === "session")).toEqual([
      expect.objectContaining({ title: "Week 3 review", score: "attended: was there" }),
    ]);
    const exported = await sessionsSection(db(), studentId, { kind: "course", courseId: course.id });
    expect(exported.attendance).toEqual([
      expect.objectContaining({ session: "Week 3 review", kind: "JOINED" }),
    ]);
    expect(exported.rsvps.map((r) => r.answer)).toEqual(["GOING", "GOING"]);
    expect(JSON.stringify(exported)).not.toContain("tokenSealed");
  });

  it("refuses a student when only staff schedule, a past time and an unreadable one, each with a sentence", async () => {
    const { course, staff, student, channel } = await bioCourse("refuse");
    const schedule = (actor: Actor, when: string) =>
      runSessionsCommand(deps, {
        actor,
        space: channel,
        command: { name: "schedule", title: "Review", when },
      });
    await expect(schedule(student, "tomorrow 18:00")).rejects.toMatchObject({
      code: "forbidden",
      userMessage: expect.stringContaining("Only the staff of Biology refuse can schedule study sessions"),
    });
    await expect(schedule(staff, "2020-01-01 10:00")).rejects.toMatchObject({
      userMessage: expect.stringContaining("already passed"),
    });
    await expect(schedule(staff, "next week-ish")).rejects.toMatchObject({
      userMessage: expect.stringContaining("“thu 18:00”"),
    });
    await db().course.update({ where: { id: course.id }, data: { sessionsPolicy: "ENROLLED" } });
    expect(text(await schedule(student, "tomorrow 18:00"))).toContain("Scheduled “Review”");
    expect(await db().studySession.count({ where: { courseId: course.id } })).toBe(1);
  });

  it("cancels for staff or the scheduler only, stops its reminders and marks the announcement", async () => {
    const { course, staff, student, other, channel } = await bioCourse("cancel");
    await db().course.update({ where: { id: course.id }, data: { sessionsPolicy: "ENROLLED" } });
    await runSessionsCommand(deps, {
      actor: student,
      space: channel,
      command: { name: "schedule", title: "Lab prep", when: `${dayAhead(2, "UTC")} 10:00` },
    });
    await drain();
    await expect(
      runSessionsCommand(deps, { actor: other, space: channel, command: { name: "cancel", session: "1" } }),
    ).rejects.toMatchObject({
      userMessage: "Only course staff or the person who scheduled it can cancel this session.",
    });
    const done = await runSessionsCommand(deps, {
      actor: staff,
      space: channel,
      command: { name: "cancel", session: "1" },
    });
    expect(text(done)).toContain("Cancelled “Lab prep”");
    const row = await db().studySession.findFirstOrThrow({ where: { courseId: course.id } });
    expect(row.status).toBe("CANCELLED");
    expect(
      await db().scheduledJob.count({ where: { key: { startsWith: `session:${row.id}:remind` } } }),
    ).toBe(0);
    await drain();
    const update = calls.filter((c) => c.call === "update").at(-1);
    expect(text(update?.reply)).toContain("This session was cancelled.");
  });

  it("serves secret calendars: the course's, a person's own, renewed and turned off addresses refused", async () => {
    const bio = await bioCourse("cal");
    const chem = await bioCourse("chem");
    for (const c of [bio, chem]) {
      await runSessionsCommand(deps, {
        actor: c.staff,
        space: c.channel,
        command: {
          name: "schedule",
          title: `Review, ${c.course.name}; ch. 1`,
          when: `${dayAhead(2, "UTC")} 10:00`,
        },
      });
    }
    const { url } = await calendarFeedLink(deps, { actor: bio.student, courseId: bio.course.id });
    expect(url).toMatch(/^https:\/\/studyhall\.example\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    const token = url.split("/").at(-1)?.replace(".ics", "") ?? "";
    const body = await renderCalendarFeed(deps, token);
    expect(body).toContain("SUMMARY:Review\\, Biology cal\\; ch. 1");
    expect(body).not.toContain("chem");
    // Asking again gives the same address.
    expect((await calendarFeedLink(deps, { actor: bio.staff, courseId: bio.course.id })).url).toBe(url);
    // A student may not renew the course's address; staff may, and the old one is refused.
    await expect(
      calendarFeedLink(deps, { actor: bio.student, courseId: bio.course.id, renew: true }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const renewed = await calendarFeedLink(deps, { actor: bio.staff, courseId: bio.course.id, renew: true });
    expect(renewed.url).not.toBe(url);
    await expect(renderCalendarFeed(deps, token)).rejects.toMatchObject({
      code: "forbidden",
      userMessage: expect.stringContaining("This calendar link was turned off"),
    });
    await expect(renderCalendarFeed(deps, "A".repeat(32))).rejects.toMatchObject({ code: "not_found" });
    await expect(renderCalendarFeed(deps, "../etc/passwd")).rejects.toMatchObject({ code: "not_found" });
    // A person's own calendar holds only their courses' sessions.
    const mine = await calendarFeedLink(deps, { actor: bio.student, courseId: null });
    const mineToken = mine.url.split("/").at(-1)?.replace(".ics", "") ?? "";
    const myBody = await renderCalendarFeed(deps, mineToken);
    expect(myBody).toContain("Biology cal");
    expect(myBody).not.toContain("Biology chem");
    expect(await revokeCalendarFeed(deps, { actor: bio.student, courseId: null })).toBe(true);
    await expect(renderCalendarFeed(deps, mineToken)).rejects.toMatchObject({ code: "forbidden" });
  });
});
