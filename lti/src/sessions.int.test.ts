// Study sessions on the LMS page, through the real ltijs against the fake platform: the instructor
// schedules one from the form (the time read in their own zone, stored in UTC); a student sees it in
// their own time zone and presses Going; a student's schedule post is refused with core's sentence
// while the course keeps scheduling to its staff (and the form is not shown to them); the calendar
// link's Turn off turns the feed off (the feed route answers such a token 410 Gone:
// app/src/calendar-feed-route.int.test.ts); a post without the session's CSRF token is refused; "I'm
// here" while a session is open; an ended session listed with its summary; staff cancel one.

import { isAppError, renderCalendarFeed, updateStudySettings } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-sessions", name: "Tess Teacher", roles: [INSTRUCTOR] };
const sam = { sub: "student-sam-sessions", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-sessions", title: "Cell biology" };
// Monday 7 December 2026, noon UTC.
const now = new Date("2026-12-07T12:00:00Z");

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let teacherHome: string;
let samHome: string;

beforeAll(async () => {
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherHome = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  samHome = (await canvas.launch({ user: sam, context })).url;
  await inZone(teacher.sub, "America/Chicago");
  await inZone(sam.sub, "Europe/Berlin");
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function db() {
  return lti.database.prisma;
}

async function userOf(subject: string): Promise<string> {
  return (await db().identity.findFirstOrThrow({ where: { platform: "LTI", externalId: subject } })).userId;
}

async function inZone(subject: string, timeZone: string): Promise<void> {
  const actor = { platform: "LTI" as const, tenant: canvas.issuer, externalId: subject };
  await updateStudySettings(db(), { actor, changes: { timeZone } });
}

function linkTo(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

async function sessionsPage(home: string): Promise<PageResponse> {
  const page = await getPage(linkTo((await getPage(home)).body, "/sessions"));
  expect(page.status).toBe(200);
  return page;
}

/** The form posting to `suffix` whose hidden fields include `match` (a session's Going button). */
function formWith(body: string, suffix: string, match: Record<string, string>) {
  for (const form of body.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
    try {
      const found = formFields(form[0], suffix);
      if (Object.entries(match).every(([k, v]) => found.fields[k] === v)) return found;
    } catch {}
  }
  throw new Error(`no form posting to …${suffix} with ${JSON.stringify(match)}`);
}

describe("the study sessions page", () => {
  it("lets the instructor schedule from the form, read in their own time zone", async () => {
    const page = await sessionsPage(teacherHome);
    expect(textOf(page.body)).toContain("No sessions scheduled.");
    const { action, fields } = formFields(page.body, "/sessions/schedule");
    const done = await postForm(action, {
      ...fields,
      title: "Week 3 review",
      date: "2026-12-10",
      time: "18:00",
      minutes: "45",
      quiz: "",
      deck: "",
    });
    expect(done.status).toBe(200);
    const text = textOf(done.body);
    expect(text).toContain("Scheduled “Week 3 review”");
    expect(text).toContain("Thu 10 Dec, 18:00 (America/Chicago)");
    const stored = await db().studySession.findFirstOrThrow({ where: { courseId, title: "Week 3 review" } });
    // 18:00 in Chicago (UTC-6 in December) is midnight UTC.
    expect(stored.startsAt.toISOString()).toBe("2026-12-11T00:00:00.000Z");
    expect(stored.endsAt.toISOString()).toBe("2026-12-11T00:45:00.000Z");
  });

  it("shows a student the session in their own time zone and records their Going", async () => {
    const page = await sessionsPage(samHome);
    const text = textOf(page.body);
    expect(text).toContain("Week 3 review");
    expect(text).toContain("Fri 11 Dec, 01:00 (Europe/Berlin)");
    expect(text).not.toContain("(America/Chicago)");
    expect(text).toContain("0 going");
    const stored = await db().studySession.findFirstOrThrow({ where: { courseId, title: "Week 3 review" } });
    const { action, fields } = formWith(page.body, "/sessions/action", {
      session: stored.id,
      choice: "GOING",
    });
    const done = await postForm(action, fields);
    expect(done.status).toBe(200);
    expect(textOf(done.body)).toContain("1 going");
    const rsvp = await db().studySessionRsvp.findFirstOrThrow({
      where: { sessionId: stored.id, userId: await userOf(sam.sub) },
    });
    expect(rsvp.status).toBe("GOING");
  });

  it("refuses a student's schedule post with core's sentence while the course keeps it to staff", async () => {
    const page = await sessionsPage(samHome);
    expect(page.body).not.toContain("/sessions/schedule");
    // The student's own session and CSRF token, posted to the schedule route by hand.
    const { fields } = formFields(page.body, "/sessions/calendar");
    const { scope: _scope, action: _action, ...hidden } = fields;
    const refused = await postForm(`${lti.toolUrl}/sessions/schedule`, {
      ...hidden,
      title: "Sam's cram",
      date: "2026-12-12",
      time: "10:00",
    });
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("Only the staff of Cell biology can schedule study sessions.");
    expect(await db().studySession.count({ where: { courseId, title: "Sam's cram" } })).toBe(0);
  });

  it("refuses a post without the session's CSRF token", async () => {
    const page = await sessionsPage(teacherHome);
    const { action, fields } = formFields(page.body, "/sessions/schedule");
    const forged = await postForm(action, {
      ...fields,
      csrf: "forged",
      title: "Forged",
      date: "2026-12-12",
      time: "10:00",
    });
    expect(forged.status).toBe(403);
    expect(await db().studySession.count({ where: { courseId, title: "Forged" } })).toBe(0);
  });

  it("shows the person's calendar link, and Turn off turns that feed off", async () => {
    const page = await sessionsPage(samHome);
    const show = formWith(page.body, "/sessions/calendar", { scope: "me", action: "show" });
    const shown = await postForm(show.action, show.fields);
    expect(shown.status).toBe(200);
    const url = /https?:\/\/[^\s"<]+\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(shown.body);
    expect(url).not.toBeNull();
    const token = url![1]!;
    expect(await renderCalendarFeed(lti.deps, token)).toContain("Week 3 review");

    const off = formWith(shown.body, "/sessions/calendar", { scope: "me", action: "off" });
    expect((await postForm(off.action, off.fields)).status).toBe(200);
    const error = await renderCalendarFeed(lti.deps, token).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error, "forbidden")).toBe(true);
  });
  it("marks a student here while a session is open, and lists ended sessions with their summary", async () => {
    const schedule = formFields((await sessionsPage(teacherHome)).body, "/sessions/schedule");
    await postForm(schedule.action, {
      ...schedule.fields,
      title: "Lab hour",
      date: "2026-12-08",
      time: "10:00",
    });
    const lab = await db().studySession.findFirstOrThrow({ where: { courseId, title: "Lab hour" } });
    // The start step opens it (the job runner's part, tested in core); here it is opened by hand.
    await db().studySession.update({ where: { id: lab.id }, data: { status: "OPEN", openedAt: now } });

    const page = await sessionsPage(samHome);
    expect(textOf(page.body)).toContain("happening now");
    const here = formWith(page.body, "/sessions/action", { session: lab.id, choice: "HERE" });
    const marked = await postForm(here.action, here.fields);
    expect(marked.status).toBe(200);
    expect(textOf(marked.body)).toContain("You are marked here for “Lab hour”.");
    const attendance = await db().studySessionAttendance.findFirstOrThrow({
      where: { sessionId: lab.id, userId: await userOf(sam.sub) },
    });
    expect(attendance.kind).toBe("JOINED");

    await db().studySession.update({
      where: { id: lab.id },
      data: {
        status: "ENDED",
        endedAt: now,
        summary: {
          attendees: [{ userId: await userOf(sam.sub), name: "Sam Student" }],
          quiz: null,
          review: ["Osmosis and tonicity"],
        },
      },
    });
    const after = await sessionsPage(samHome);
    const past = textOf(/<section[^>]*id="past"[\s\S]*?<\/section>/.exec(after.body)?.[0] ?? "");
    expect(past).toContain("Lab hour");
    expect(past).toContain("Came: Sam Student.");
    expect(past).toContain("Osmosis and tonicity");
    expect(() => formWith(after.body, "/sessions/action", { session: lab.id, choice: "GOING" })).toThrow();
  });

  it("lets staff cancel a session from the page, and shows students no Cancel button", async () => {
    const stored = await db().studySession.findFirstOrThrow({ where: { courseId, title: "Week 3 review" } });
    expect((await sessionsPage(samHome)).body).not.toContain("/sessions/cancel");
    const page = await sessionsPage(teacherHome);
    const cancel = formWith(page.body, "/sessions/cancel", { session: stored.id });
    const done = await postForm(cancel.action, cancel.fields);
    expect(done.status).toBe(200);
    expect(textOf(done.body)).toContain("Cancelled “Week 3 review”.");
    expect((await db().studySession.findUniqueOrThrow({ where: { id: stored.id } })).status).toBe(
      "CANCELLED",
    );
    expect(textOf((await sessionsPage(samHome)).body)).not.toContain("Week 3 review");
  });
});
