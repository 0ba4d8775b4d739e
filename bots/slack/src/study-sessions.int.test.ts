import { setTimeout as sleep } from "node:timers/promises";
import {
  bindSpace,
  NOTIFY_QUEUE,
  notificationJobHandler,
  STUDY_SESSION_QUEUE,
  saveQuiz,
  studySessionJobHandler,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobClock, type JobClock } from "../../../test/support/advance-job-clock.ts";
import { interactive, viewSubmissionPayload } from "../../../test/support/fake-slack-payloads.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { buttonId, clickAndRead, commandAndRead, ORGANELLES } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";
import { dmOf, type MessageVersion, messagesIn, waitForModal } from "./testing/study-test-kit.ts";
import { SESSION_FORM, SESSION_SCHEDULE_CALLBACK_ID } from "./views/session-schedule-modal.ts";

// Scheduled study sessions in Slack, end to end: real Bolt over HTTP against the fake Web API, and
// core's durable job runner with the session steps and notification delivery, on a test clock that
// moves the jobs with it. A staff member schedules; the announcement goes up with Going / Maybe /
// Can't go; a student's Going edits it; reminders come once each as DMs; at the start the thread opens
// with "I'm here" and the quiz's game board; at the end the summary names who came.
let t: TestSlackApp;
let clock: JobClock;
const CHANNEL = "C0SESSION";
const TEACHER = "U0ADMINA";
const ADA = "U0ADA";
const BEN = "U0BEN";
const HOUR = 3_600_000;
const MINUTE = 60_000;

beforeAll(async () => {
  const database = await createTestDatabase();
  // On the minute, so the session's times computed below are exact.
  clock = await createJobClock(database.prisma, new Date(Math.floor(Date.now() / MINUTE) * MINUTE));
  t = await startTestSlackApp({
    database,
    clock: () => clock.now(),
    jobHandlers: (deps, frontEnd) => ({
      [STUDY_SESSION_QUEUE]: studySessionJobHandler(deps, () => [frontEnd.studySessionPort]),
      [NOTIFY_QUEUE]: notificationJobHandler(deps, () => [frontEnd.studyNudgeSender]),
    }),
  });
  const { course } = await bindSpace(t.deps.db, {
    actor: slackActor(TEAM_A.teamId, TEACHER, "Teacher"),
    space: slackSpace(TEAM_A.teamId, CHANNEL),
    platformStaff: true,
    course: { create: "Session Biology" },
  });
  await saveQuiz(t.deps.db, {
    courseId: course.id,
    origin: "AUTHORED",
    approved: true,
    title: "Organelles",
    questions: ORGANELLES,
  });
  // Ada has a name Slack gives her (stored when she first uses a command).
  t.api.setProfile(TEAM_A.teamId, ADA, {
    displayName: "Ada",
    realName: "Ada Lovelace",
    email: "ada@school.example",
  });
  await commandAndRead(t, ADA, CHANNEL, "session list");
  await t.frontEnd.idle();
}, 60_000);
afterAll(() => t?.close());

/** "YYYY-MM-DD" of `at` in UTC (the teacher's zone: nobody set another). */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Waits for a message version in `channel` (posts to a user id land in their DM), catching new jobs up. */
async function waitFor(
  channel: string,
  predicate: (m: MessageVersion) => boolean,
  what: string,
): Promise<MessageVersion> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = messagesIn(t, channel).find(predicate);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no ${what} in ${channel}:\n${messagesIn(t, channel)
          .map((m) => m.text)
          .join("\n---\n")}\n${t.logLines.slice(-15).join("\n")}`,
      );
    await clock.catchUp();
    await sleep(25);
  }
}

const remindersOf = (user: string, words: string) =>
  messagesIn(t, dmOf(user)).filter((m) => m.method === "chat.postMessage" && m.text.includes(words));

describe("a study session in a Slack channel", () => {
  const startsAt = new Date(`${utcDay(new Date(Date.now() + 2 * 24 * HOUR))}T18:00:00.000Z`);
  let announcementTs = "";

  it("is scheduled by staff and announced in the channel with Going / Maybe / Can't go", async () => {
    const answer = await commandAndRead(
      t,
      TEACHER,
      CHANNEL,
      `session schedule "Week 3 review" ${utcDay(startsAt)} 18:00 60m quiz:Organelles`,
    );
    expect(answer.body.response_type).toBe("ephemeral");
    expect(answer.text).toContain("Week 3 review");

    const announcement = await waitFor(
      CHANNEL,
      (m) => m.method === "chat.postMessage" && m.text.includes("Study session: Week 3 review"),
      "announcement",
    );
    announcementTs = announcement.ts;
    for (const label of ["Going", "Maybe", "Can't go"])
      expect(buttonId(announcement.blocks, label)).toMatch(/^sh:ss:r:/);
    // The time as Slack's date token: each reader sees it in their own zone.
    expect(JSON.stringify(announcement.blocks)).toContain(`<!date^${startsAt.getTime() / 1000}^`);
    expect(announcement.call.token).toBe(TEAM_A.botToken);
  });

  it("stores a student's Going and edits the announcement to show 1 going", async () => {
    const announcement = messagesIn(t, CHANNEL).find((m) => m.ts === announcementTs)!;
    const result = await t.click(ADA, CHANNEL, buttonId(announcement.blocks, "Going"), {
      messageTs: announcementTs,
    });
    expect(result.status).toBe(200);
    const notice = await t.api.waitForResponse((r) => r.path === new URL(result.responseUrl).pathname);
    expect(notice.body.response_type).toBe("ephemeral");

    const edited = await waitFor(
      CHANNEL,
      (m) => m.method === "chat.update" && m.ts === announcementTs,
      "edit",
    );
    expect(edited.text).toContain("1 going");
    const rsvps = await t.deps.db.studySessionRsvp.findMany({ where: { status: "GOING" } });
    expect(rsvps).toHaveLength(1);
  });

  it("keeps the announcement within Slack's edit rate when a class answers at once, the last edit showing everyone", async () => {
    const announcement = messagesIn(t, CHANNEL).find((m) => m.ts === announcementTs)!;
    const going = buttonId(announcement.blocks, "Going");
    const clicks = await Promise.all(
      ["U0CAT", "U0DAN", "U0EVE"].map((user) => t.click(user, CHANNEL, going, { messageTs: announcementTs })),
    );
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    await waitFor(
      CHANNEL,
      (m) => m.method === "chat.update" && m.ts === announcementTs && m.text.includes("4 going"),
      "edit",
    );
    await sleep(1500);
    const edits = messagesIn(t, CHANNEL).filter((m) => m.method === "chat.update" && m.ts === announcementTs);
    expect(edits.at(-1)?.text).toContain("4 going");
    const rate = t.api.peakRate(
      "chat.update",
      (c) => String(c.args.ts),
      1000,
      (c) => c.args.ts === announcementTs,
    );
    expect(rate.peak).toBe(1);
  });

  it("lists the session and gives a private calendar link, renewed on `new`", async () => {
    const list = await commandAndRead(t, ADA, CHANNEL, "session list");
    expect(list.body.response_type).toBe("ephemeral");
    expect(list.text).toContain("Week 3 review");

    const feed = /\/calendar\/[\w-]+\.ics/;
    const shown = await commandAndRead(t, ADA, CHANNEL, "calendar");
    expect(shown.body.response_type).toBe("ephemeral");
    const renewed = await commandAndRead(t, ADA, CHANNEL, "calendar new");
    expect(shown.text).toMatch(feed);
    expect(renewed.text).toMatch(feed);
    expect(renewed.text.match(feed)?.[0]).not.toBe(shown.text.match(feed)?.[0]);
  });

  it("reminds those going once 24 hours before and once 15 minutes before", async () => {
    await clock.advance(startsAt.getTime() - 24 * HOUR - clock.now().getTime());
    const day = await waitFor(dmOf(ADA), (m) => m.text.includes("starts in 24 hours"), "24-hour reminder");
    expect(day.call.args.channel).toBe(ADA);

    await clock.advance(startsAt.getTime() - 15 * MINUTE - clock.now().getTime());
    await waitFor(dmOf(ADA), (m) => m.text.includes("starts in 15 minutes"), "15-minute reminder");
    // The teacher did not say Going: no reminder for them.
    expect(messagesIn(t, dmOf(TEACHER)).filter((m) => m.text.includes("Week 3 review"))).toHaveLength(0);
  });

  it("opens the thread with I'm here and the quiz's game board at the start, and counts a student who is there", async () => {
    await clock.advance(startsAt.getTime() - clock.now().getTime());
    const opened = await waitFor(
      CHANNEL,
      (m) =>
        m.method === "chat.postMessage" &&
        m.call.args.thread_ts === announcementTs &&
        m.text.includes("has started"),
      "thread opening",
    );
    const board = await waitFor(
      CHANNEL,
      (m) =>
        m.method === "chat.postMessage" && !m.call.args.thread_ts && m.text.includes("Live quiz: Organelles"),
      "game board",
    );
    expect(board.text).toContain("Join");

    const here = await clickAndRead(t, ADA, CHANNEL, buttonId(opened.blocks, "I'm here"));
    expect(here.body.response_type).toBe("ephemeral");
    expect(here.text).toContain("marked here");
    expect(await t.deps.db.studySessionAttendance.count({ where: { kind: "JOINED" } })).toBe(1);
  });

  it("posts the summary in the thread at the end, naming who came; no reminder went twice", async () => {
    await clock.advance(60 * MINUTE);
    const summary = await waitFor(
      CHANNEL,
      (m) =>
        m.method === "chat.postMessage" &&
        m.call.args.thread_ts === announcementTs &&
        m.text.includes("is over"),
      "summary",
    );
    expect(summary.text).toMatch(/Came \(1\)/);
    expect(summary.text).toContain("Ada");
    expect(remindersOf(ADA, "starts in 24 hours")).toHaveLength(1);
    expect(remindersOf(ADA, "starts in 15 minutes")).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("refuses a time in the past and a time it cannot read, naming the format", async () => {
    const past = await commandAndRead(t, TEACHER, CHANNEL, 'session schedule "Late" 2020-01-06 10:00');
    expect(past.body.response_type).toBe("ephemeral");
    expect(past.text).toContain("already passed");

    const unreadable = await commandAndRead(t, TEACHER, CHANNEL, 'session schedule "Vague" someday soon');
    expect(unreadable.text).toContain("thu 18:00");
    expect(await t.deps.db.studySession.count({ where: { title: { in: ["Late", "Vague"] } } })).toBe(0);
  });

  it("refuses a student while the course lets only staff schedule", async () => {
    const refused = await commandAndRead(t, BEN, CHANNEL, 'session schedule "Ben\'s group" tomorrow 18:00');
    expect(refused.body.response_type).toBe("ephemeral");
    expect(refused.text).toContain("Only the staff of Session Biology");
    expect(await t.deps.db.studySession.count({ where: { title: "Ben's group" } })).toBe(0);
  });

  it("explains a session command it does not know, and help lists the session and calendar commands", async () => {
    expect((await commandAndRead(t, ADA, CHANNEL, "session dance")).text).toContain(
      "is not a session command",
    );
    const help = (await commandAndRead(t, ADA, CHANNEL, "help")).text;
    expect(help).toContain("/studyhall session schedule");
    expect(help).toContain("/studyhall calendar");
  });
});

describe("the schedule form", () => {
  const submit = (user: string, privateMetadata: string, date: string, time: string) =>
    t.send(
      interactive(
        viewSubmissionPayload({
          teamId: TEAM_A.teamId,
          userId: user,
          callbackId: SESSION_SCHEDULE_CALLBACK_ID,
          privateMetadata,
          values: {
            [SESSION_FORM.title]: { [SESSION_FORM.title]: { type: "plain_text_input", value: "Lab prep" } },
            [SESSION_FORM.date]: { [SESSION_FORM.date]: { type: "datepicker", selected_date: date } },
            [SESSION_FORM.time]: { [SESSION_FORM.time]: { type: "timepicker", selected_time: time } },
            [SESSION_FORM.minutes]: {
              [SESSION_FORM.minutes]: { type: "static_select", selected_option: { value: "45" } },
            },
            [SESSION_FORM.weekly]: {
              [SESSION_FORM.weekly]: { type: "checkboxes", selected_options: [{ value: "weekly" }] },
            },
          },
        }),
      ),
    );

  it("opens on `session schedule` alone and schedules what it was given, or shows core's refusal on the form", async () => {
    const opened = await t.command(TEACHER, CHANNEL, "session schedule");
    expect(opened.status).toBe(200);
    const form = await waitForModal(t, SESSION_SCHEDULE_CALLBACK_ID);
    const types = JSON.stringify(form.blocks);
    expect(types).toContain('"datepicker"');
    expect(types).toContain('"timepicker"');

    const refused = await submit(TEACHER, form.privateMetadata, "2020-01-06", "10:00");
    expect(JSON.parse(refused.text)).toMatchObject({ response_action: "errors" });
    expect(refused.text).toContain("already passed");

    const day = utcDay(new Date(clock.now().getTime() + 3 * 24 * HOUR));
    const accepted = await submit(TEACHER, form.privateMetadata, day, "09:30");
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe("");
    const session = await t.deps.db.studySession.findFirstOrThrow({ where: { title: "Lab prep" } });
    expect(session.startsAt.toISOString()).toBe(`${day}T09:30:00.000Z`);
    expect((session.endsAt.getTime() - session.startsAt.getTime()) / MINUTE).toBe(45);
    expect(session.recurrence).toBe("WEEKLY");
    await waitFor(
      CHANNEL,
      (m) => m.method === "chat.postEphemeral" && m.text.includes("Lab prep"),
      "confirmation",
    );

    // Cancelled by its id, so its weekly series does not run on while the next test moves the clock on.
    await commandAndRead(t, TEACHER, CHANNEL, `session cancel ${session.id}`);
    expect((await t.deps.db.studySession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe(
      "CANCELLED",
    );
  });
});

describe("a weekly session across the end of daylight saving time", () => {
  it("reads a schedule in the zone of the person's Slack profile when they never set one, else says it read UTC", async () => {
    const course = await t.deps.db.course.findFirstOrThrow({ where: { name: "Session Biology" } });
    await t.deps.db.course.update({ where: { id: course.id }, data: { sessionsPolicy: "ENROLLED" } });
    try {
      t.api.setProfile(TEAM_A.teamId, "U0CHI", {
        displayName: "Chi",
        realName: "Chi Town",
        email: "chi@school.example",
        timeZone: "America/Chicago",
      });
      const day = utcDay(new Date(Date.now() + 3 * 24 * HOUR));
      const answer = await commandAndRead(
        t,
        "U0CHI",
        CHANNEL,
        `session schedule "Chicago group" ${day} 18:00`,
      );
      expect(answer.text).toContain("18:00 (America/Chicago)");
      expect(answer.text).not.toContain("read as UTC");
      const chicago = await t.deps.db.studySession.findFirstOrThrow({ where: { title: "Chicago group" } });
      // 18:00 in Chicago is midnight UTC, the next day (UTC-6 in winter, UTC-5 in summer).
      expect(["00:00", "23:00"]).toContain(chicago.startsAt.toISOString().slice(11, 16));
      const chi = await t.deps.db.identity.findFirstOrThrow({ where: { externalId: "U0CHI" } });
      expect(
        (await t.deps.db.studySettings.findUniqueOrThrow({ where: { userId: chi.userId } })).timeZone,
      ).toBe("America/Chicago");

      const nozone = await commandAndRead(
        t,
        "U0NOZONE",
        CHANNEL,
        `session schedule "No zone group" ${day} 18:00`,
      );
      expect(nozone.text).toContain("18:00 (UTC)");
      expect(nozone.text).toContain("read as UTC because you have not set your time zone");
    } finally {
      await t.deps.db.course.update({ where: { id: course.id }, data: { sessionsPolicy: "STAFF" } });
    }
  });

  it("keeps 18:00 in New York, so the next occurrence starts an hour later in UTC", async () => {
    const teacher = await t.deps.db.identity.findFirstOrThrow({
      where: { platform: "SLACK", tenant: TEAM_A.teamId, externalId: TEACHER },
    });
    await t.deps.db.studySettings.upsert({
      where: { userId: teacher.userId },
      create: { userId: teacher.userId, timeZone: "America/New_York" },
      update: { timeZone: "America/New_York" },
    });
    // Thursday 4 November 2027, 18:00 EDT; daylight saving time ends on Sunday 7 November.
    const answer = await commandAndRead(
      t,
      TEACHER,
      CHANNEL,
      'session schedule "Thursday group" 2027-11-04 18:00 weekly',
    );
    expect(answer.text).toContain("Thursday group");
    const first = await t.deps.db.studySession.findFirstOrThrow({ where: { title: "Thursday group" } });
    expect(first.startsAt.toISOString()).toBe("2027-11-04T22:00:00.000Z");

    await clock.advance(first.startsAt.getTime() - clock.now().getTime());
    const deadline = Date.now() + 15_000;
    let next = null;
    while (!next && Date.now() < deadline) {
      next = await t.deps.db.studySession.findFirst({
        where: { seriesId: first.seriesId, startsAt: { gt: first.startsAt } },
      });
      if (!next) await sleep(25);
    }
    // 18:00 EST is 23:00 UTC.
    expect(next?.startsAt.toISOString()).toBe("2027-11-11T23:00:00.000Z");
  });
});
