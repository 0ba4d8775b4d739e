import { setTimeout as sleep } from "node:timers/promises";
import {
  NOTIFY_QUEUE,
  notificationJobHandler,
  runSessionStep,
  STUDY_SESSION_QUEUE,
  studySessionJobHandler,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../core/src/db/open-database.ts";
import { createJobClock, type JobClock } from "../../../test/support/advance-job-clock.ts";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { type FakeUser, PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";
import { seedQuizCourse } from "../../../test/support/fake-discord-quiz.ts";
import { EVENT_STATUS } from "../../../test/support/fake-discord-scheduled-events.ts";
import { buttonId, dmMessages, type StoredMessage } from "../../../test/support/fake-discord-study.ts";
import type { DiscordCall, DispatchedInteraction } from "../../../test/support/fake-discord-types.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";

// Scheduled study sessions through discord.js against the fake Discord, with the durable job runner
// running the session's steps and notification delivery: /session schedule becomes a Guild Scheduled
// Event at the time the teacher meant in their zone, Interested on it is an RSVP, reminders arrive as
// one DM each, and at the start and end the event, the thread, the live quiz and the summary follow.
const teacher = makeUser("sessionteacher");
const ada = makeUser("ada");
const ben = makeUser("ben");
const guild = makeGuild("Sessions club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const ZONE = "America/Chicago";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let database: Database;
let clock: JobClock;
let h: DiscordHarness;
let quizzes: Awaited<ReturnType<typeof seedQuizCourse>>;

const str = (name: string, value: string | number | boolean): CommandOption => ({
  name,
  type: typeof value === "boolean" ? OPTION.boolean : typeof value === "number" ? 4 : OPTION.string,
  value,
});
const session = (user: FakeUser, sub: string, options: CommandOption[] = []) =>
  h.fake.slashCommand(
    { ...inGuild, user, ...(user === teacher ? { permissions: PERMISSIONS.manageGuild } : {}) },
    { name: "session", options: [{ name: sub, type: OPTION.subcommand, options }] },
  );

/** The private answer to an interaction once shown: its original's edit with content. */
async function answerOf(interaction: DispatchedInteraction): Promise<string> {
  const call = await h.waitForEdit(interaction, (content) => content.length > 0);
  return String(call.body.content);
}

/** A day `days` from the clock's now, as the teacher's calendar in ZONE writes it (YYYY-MM-DD). */
function localDate(days: number): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(clock.now().getTime() + days * 24 * HOUR));
}

/** An instant as a wall clock in ZONE: "YYYY-MM-DD HH:mm". */
function wallClock(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function userIdOf(user: FakeUser): Promise<string> {
  const identity = await database.prisma.identity.findFirstOrThrow({
    where: { platform: "DISCORD", externalId: user.id },
  });
  return identity.userId;
}

/** Waits until `check` holds, keeping jobs that jobs scheduled in step with the test's clock. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await clock.catchUp();
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const dmsWith = (user: FakeUser, text: string): StoredMessage[] =>
  dmMessages(h, user.id).filter((m) => m.content.includes(text));

const eventCreated = (c: DiscordCall) =>
  c.method === "POST" && c.path === `/guilds/${guild.id}/scheduled-events` && c.status < 300;

beforeAll(async () => {
  database = await createTestDatabase();
  clock = await createJobClock(database.prisma);
  h = await startDiscordHarness({
    guilds: [guild],
    database,
    clock: clock.now,
    fake: { clock: clock.now },
    jobHandlers: (deps, bot) => ({
      [STUDY_SESSION_QUEUE]: studySessionJobHandler(deps, () => [bot.studySessionPort]),
      [NOTIFY_QUEUE]: notificationJobHandler(deps, () => [bot.studyNudgeSender]),
    }),
  });
  quizzes = await seedQuizCourse(h, teacher, guild);
  await database.prisma.studySettings.create({ data: { userId: await userIdOf(teacher), timeZone: ZONE } });
  // First contact in the course's channel enrols them.
  for (const user of [ada, ben]) await answerOf(session(user, "list"));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe("a study session on Discord, from scheduling to its summary", { timeout: 90_000 }, () => {
  let eventId: string;
  let sessionRow: { id: string; startsAt: Date; endsAt: Date };

  it("announces a scheduled session as a Guild Scheduled Event at the time meant in the teacher's zone", async () => {
    const day = localDate(3);
    const answer = await answerOf(
      session(teacher, "schedule", [
        str("title", "Week 3 review"),
        str("when", `${day} 18:00`),
        str("minutes", 90),
        str("quiz", quizzes.quick),
      ]),
    );
    expect(answer).toContain("Scheduled “Week 3 review”");
    expect(answer).toContain(ZONE);

    await h.fake.waitFor(eventCreated);
    eventId = [...h.fake.scheduledEvents.keys()][0]!;
    const event = h.fake.scheduledEvents.get(eventId)!;
    expect(event).toMatchObject({
      name: "Week 3 review",
      privacy_level: 2,
      entity_type: 3,
      status: EVENT_STATUS.scheduled,
      entity_metadata: { location: "#study-hall" },
    });
    expect(wallClock(String(event.scheduled_start_time))).toBe(`${day} 18:00`);
    expect(
      Date.parse(String(event.scheduled_end_time)) - Date.parse(String(event.scheduled_start_time)),
    ).toBe(90 * MINUTE);
    sessionRow = await until(
      () =>
        database.prisma.studySession.findFirst({
          where: { announcementRef: eventId },
          select: { id: true, startsAt: true, endsAt: true },
        }),
      "the event's id stored as the session's announcement",
    );
    expect(sessionRow.startsAt.toISOString()).toBe(event.scheduled_start_time);
  });

  it("records Interested as going, and taking it back as no answer", async () => {
    expect(h.fake.scheduledEventInterest({ user: ada, eventId, interested: true })).toBe(true);
    expect(h.fake.scheduledEventInterest({ user: ben, eventId, interested: true })).toBe(true);
    const rsvp = (user: FakeUser) => async () =>
      database.prisma.studySessionRsvp.findUnique({
        where: { sessionId_userId: { sessionId: sessionRow.id, userId: await userIdOf(user) } },
      });
    expect((await until(rsvp(ada), "ada's RSVP")).status).toBe("GOING");
    await until(rsvp(ben), "ben's RSVP");
    h.fake.scheduledEventInterest({ user: ben, eventId, interested: false });
    await until(async () => (await rsvp(ben)()) === null, "ben's RSVP cleared");
    expect((await rsvp(ada)())?.status).toBe("GOING");
  });

  it("posts the announcement in the channel with the event's link, and Maybe on it edits its counts", async () => {
    const announcement = await until(
      async () =>
        [...h.fake.messages.values()].find(
          (m) =>
            m.channel_id === guild.channelId && String(m.content).includes(`/events/${guild.id}/${eventId}`),
        ) as StoredMessage | undefined,
      "the announcement message",
    );
    expect(announcement.content).toContain("Week 3 review");
    const click = h.fake.button({ ...inGuild, user: ben }, buttonId(announcement, "Maybe"), announcement);
    const notice = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(click.token),
    );
    expect(Number(notice.body.flags) & 64).toBe(64);
    const edited = h.fake.messages.get(announcement.id) as StoredMessage;
    expect(edited.content).toContain("1 going, 1 maybe");
    const rsvp = await database.prisma.studySessionRsvp.findUniqueOrThrow({
      where: { sessionId_userId: { sessionId: sessionRow.id, userId: await userIdOf(ben) } },
    });
    expect(rsvp.status).toBe("MAYBE");
  });

  it("sends each reminder once, 24 hours and 15 minutes before, to those going", async () => {
    await clock.advance(sessionRow.startsAt.getTime() - clock.now().getTime() - 24 * HOUR + 1_000);
    await until(async () => dmsWith(ada, "starts in 24 hours").length > 0, "the 24-hour reminder");
    // The step again (a retry) and more polling of both queues: still one.
    await runSessionStep(h.deps, { sessionId: sessionRow.id, step: "remind-24h" }, [h.bot.studySessionPort]);
    for (let i = 0; i < 10; i++) {
      await clock.catchUp();
      await sleep(60);
    }
    expect(dmsWith(ada, "starts in 24 hours")).toHaveLength(1);

    await clock.advance(sessionRow.startsAt.getTime() - clock.now().getTime() - 15 * MINUTE + 1_000);
    await until(async () => dmsWith(ada, "starts in 15 minutes").length > 0, "the 15-minute reminder");
    for (let i = 0; i < 10; i++) {
      await clock.catchUp();
      await sleep(60);
    }
    expect(dmsWith(ada, "starts in 15 minutes")).toHaveLength(1);
    expect(dmsWith(ada, "starts in 24 hours")).toHaveLength(1);
    expect(dmsWith(ben, "Week 3 review")).toHaveLength(0);
  });

  let threadId: string;

  it("at the start opens a thread, makes the event active and posts the quiz's game board", async () => {
    await clock.advance(sessionRow.startsAt.getTime() - clock.now().getTime() + 1_000);
    const opened = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${guild.channelId}/threads` && c.status < 300,
      20_000,
    );
    expect(opened.body).toMatchObject({ name: "Week 3 review", type: 11 });
    threadId = [...h.fake.threads.keys()][0]!;
    await until(
      async () => h.fake.scheduledEvents.get(eventId)?.status === EVENT_STATUS.active,
      "the event marked active",
    );
    const board = await h.fake.waitFor(
      (c) =>
        c.method === "POST" &&
        c.path === `/channels/${guild.channelId}/messages` &&
        JSON.stringify(c.body.components ?? []).includes('"label":"Join'),
      20_000,
    );
    expect(String(board.body.content)).toContain("Quick");
  });

  it("counts a student who presses I'm here in the thread", async () => {
    const welcome = await until(
      async () =>
        [...h.fake.messages.values()].find(
          (m) => m.channel_id === threadId && String(m.content).includes("has started"),
        ) as StoredMessage | undefined,
      "the thread's first message",
    );
    const click = h.fake.button(
      { guildId: guild.id, channelId: threadId, parentId: guild.channelId, user: ada },
      buttonId(welcome, "I'm here"),
      welcome,
    );
    const notice = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(click.token),
    );
    expect(String(notice.body.content)).toContain("marked here");
    expect(Number(notice.body.flags) & 64).toBe(64);
    const attended = await database.prisma.studySessionAttendance.findMany({
      where: { sessionId: sessionRow.id, kind: "JOINED" },
    });
    expect(attended.map((a) => a.userId)).toEqual([await userIdOf(ada)]);
  });

  it("at the end completes the event and posts the summary naming who came in the thread", async () => {
    await clock.advance(sessionRow.endsAt.getTime() - clock.now().getTime() + 1_000);
    await until(
      async () => h.fake.scheduledEvents.get(eventId)?.status === EVENT_STATUS.completed,
      "the event marked completed",
    );
    const summary = await until(
      async () =>
        [...h.fake.messages.values()].find(
          (m) => m.channel_id === threadId && String(m.content).includes("is over"),
        ),
      "the summary in the thread",
    );
    expect(String(summary.content)).toContain("**Came (1):** ada");
    // The channel message says it is over too, and offers no buttons any more.
    const stored = await database.prisma.studySession.findUniqueOrThrow({ where: { id: sessionRow.id } });
    const message = await until(async () => {
      const m = h.fake.messages.get(stored.messageRef ?? "") as StoredMessage | undefined;
      return m && String(m.content).includes("This session is over") ? m : undefined;
    }, "the announcement message marked over");
    expect(JSON.stringify(message.components ?? [])).not.toContain("Going");
  });
});

describe("/session schedule refusals and the form", { timeout: 60_000 }, () => {
  const sessionsNamed = (title: string) => database.prisma.studySession.count({ where: { title } });

  it("refuses a time that has passed", async () => {
    const answer = await answerOf(
      session(teacher, "schedule", [str("title", "Too late"), str("when", `${localDate(-2)} 18:00`)]),
    );
    expect(answer).toContain("already passed");
    expect(await sessionsNamed("Too late")).toBe(0);
  });

  it("refuses a time it cannot read, naming the format", async () => {
    const answer = await answerOf(
      session(teacher, "schedule", [str("title", "Someday"), str("when", "whenever suits")]),
    );
    expect(answer).toContain("thu 18:00");
    expect(await sessionsNamed("Someday")).toBe(0);
  });

  it("refuses a student when only staff may schedule", async () => {
    const answer = await answerOf(
      session(ada, "schedule", [str("title", "Ada's review"), str("when", `${localDate(2)} 18:00`)]),
    );
    expect(answer).toContain("Only the staff of");
    expect(await sessionsNamed("Ada's review")).toBe(0);
  });

  it("opens a form without a title, and its submit schedules the session", async () => {
    const open = session(teacher, "schedule");
    const callback = await h.fake.waitFor(
      (c) => c.path === `/interactions/${open.id}/${open.token}/callback`,
    );
    expect(callback.body).toMatchObject({ type: 9, data: { custom_id: "sh:ss:form" } });
    const day = localDate(4);
    const submit = h.fake.modalSubmit({ ...asTeacher }, "sh:ss:form", [
      { type: 18, component: { type: 4, custom_id: "title", value: "Form session" } },
      { type: 18, component: { type: 4, custom_id: "when", value: `${day} 09:30` } },
      { type: 18, component: { type: 4, custom_id: "minutes", value: "45" } },
      { type: 18, component: { type: 3, custom_id: "weekly", values: ["yes"] } },
    ]);
    expect(await answerOf(submit)).toContain("Scheduled “Form session”");
    const stored = await database.prisma.studySession.findFirstOrThrow({ where: { title: "Form session" } });
    expect(stored.recurrence).toBe("WEEKLY");
    expect(stored.endsAt.getTime() - stored.startsAt.getTime()).toBe(45 * MINUTE);
    expect(wallClock(stored.startsAt.toISOString())).toBe(`${day} 09:30`);
  });

  it("after a restart still records Interested from someone the new process has not seen", async () => {
    const stored = await database.prisma.studySession.findFirstOrThrow({ where: { title: "Form session" } });
    const ref = await until(
      async () =>
        (await database.prisma.studySession.findUnique({ where: { id: stored.id } }))?.announcementRef,
      "the form session's event",
    );
    await h.restart();
    expect(h.fake.scheduledEventInterest({ user: ben, eventId: ref, interested: true })).toBe(true);
    const userId = await userIdOf(ben);
    const rsvp = await until(
      () =>
        database.prisma.studySessionRsvp.findUnique({
          where: { sessionId_userId: { sessionId: stored.id, userId } },
        }),
      "ben's RSVP after the restart",
    );
    expect(rsvp.status).toBe("GOING");
  });

  it("suggests the coming sessions for /session cancel, and cancelling one cancels its event", async () => {
    const stored = await database.prisma.studySession.findFirstOrThrow({ where: { title: "Form session" } });
    const typing = h.fake.autocomplete(asTeacher, {
      name: "session",
      options: [
        {
          name: "cancel",
          type: OPTION.subcommand,
          options: [{ name: "session", type: OPTION.string, value: "form", focused: true }],
        },
      ],
    });
    const suggested = await h.fake.waitFor(
      (c) => c.path === `/interactions/${typing.id}/${typing.token}/callback`,
    );
    const choices = (suggested.body.data as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices).toEqual([expect.objectContaining({ value: stored.id })]);
    expect(choices[0]!.name).toContain("Form session");

    const answer = await answerOf(session(teacher, "cancel", [str("session", stored.id)]));
    expect(answer).toContain("Cancelled “Form session”");
    await until(
      async () => h.fake.scheduledEvents.get(stored.announcementRef ?? "")?.status === EVENT_STATUS.canceled,
      "the event cancelled",
    );
  });

  it("gives a private calendar address with /calendar", async () => {
    const shown = h.fake.slashCommand({ ...inGuild, user: ada }, { name: "calendar" });
    const answer = await answerOf(shown);
    expect(answer).toMatch(/\/calendar\/[^\s)]+\.ics/);
    expect(h.fake.interactions.get(shown.id)!.ephemeral).toBe(true);
  });
});
