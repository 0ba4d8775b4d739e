// The calendar feed through real HTTP on 127.0.0.1, read with ical.js (Mozilla's iCalendar parser, what
// Thunderbird uses) as a subscribing calendar app would: a course's feed lists its sessions as VEVENTs in
// UTC with a UID and a summary, a cancelled one STATUS:CANCELLED; a person's feed only their courses';
// renewing or turning a link off makes the old URL 410 Gone; another course's link never shows this
// course's sessions. The body is checked as RFC 5545 writes it: CRLF, lines folded at 75 octets,
// commas and semicolons in titles escaped.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Actor,
  calendarFeedLink,
  createAi,
  createCourse,
  createStudyHallDeps,
  type Database,
  ensureEnrollment,
  listStudySessions,
  resolveUser,
  revokeCalendarFeed,
  runSessionsCommand,
  type StudyHallDeps,
  silentLogger,
  updateStudySettings,
} from "@studyhall/core";
import express from "express";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/test-database.ts";
import { calendarFeedRouter } from "./calendar-feed-route.ts";

const now = new Date("2026-12-07T12:00:00Z");
const teacher: Actor = { platform: "CLI", tenant: "", externalId: "feed-teacher", displayName: "Tess" };
const student: Actor = { platform: "CLI", tenant: "", externalId: "feed-student", displayName: "Sam" };
const LONG_TITLE =
  "Week 3 review; cells, membranes, and transport — bring your questions, notes; and the lab sheet";

let database: Database;
let deps: StudyHallDeps;
let server: Server;
let base: string;
let biology: string;
let chemistry: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = createStudyHallDeps({
    db: database.prisma,
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => now,
  });
  const app = express();
  app.use(calendarFeedRouter(deps));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const db = database.prisma;
  const { userId: teacherId } = await resolveUser(db, teacher);
  const { userId: studentId } = await resolveUser(db, student);
  await updateStudySettings(db, { actor: teacher, changes: { timeZone: "America/Chicago" } });
  biology = (await createCourse(db, { name: "Feed Biology", staffUserId: teacherId })).id;
  chemistry = (await createCourse(db, { name: "Feed Chemistry", staffUserId: teacherId })).id;
  await ensureEnrollment(db, { courseId: biology, userId: studentId, role: "STUDENT", source: "MANUAL" });

  await schedule(biology, LONG_TITLE, "2026-12-10 18:00");
  await schedule(biology, "Cancelled cram", "2026-12-11 18:00");
  await schedule(chemistry, "Titration practice", "2026-12-12 09:30");
  const cram = (await listStudySessions(deps, place(biology))).find((s) => s.title === "Cancelled cram");
  await runSessionsCommand(deps, { ...place(biology), command: { name: "cancel", session: cram!.id } });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

function place(courseId: string) {
  return { actor: teacher, space: null, courseId };
}

async function schedule(courseId: string, title: string, when: string): Promise<void> {
  await runSessionsCommand(deps, { ...place(courseId), command: { name: "schedule", title, when } });
}

/** The feed's URL on this test's server (core builds it on deps.publicUrl). */
async function feedUrl(actor: Actor, courseId: string | null, renew = false): Promise<string> {
  const { url } = await calendarFeedLink(deps, { actor, courseId, ...(renew ? { renew } : {}) });
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]+\.ics$/);
  return `${base}${new URL(url).pathname}`;
}

interface FeedEvent {
  uid: string;
  summary: string;
  start: string;
  startRaw: string;
  status: string | null;
}

async function readFeed(url: string): Promise<{ raw: string; events: FeedEvent[]; response: Response }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const raw = await response.text();
  const calendar = new ICAL.Component(ICAL.parse(raw));
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const start = vevent.getFirstProperty("dtstart")!;
    return {
      uid: String(vevent.getFirstPropertyValue("uid")),
      summary: String(vevent.getFirstPropertyValue("summary")),
      start: (start.getFirstValue() as ICAL.Time).toJSDate().toISOString(),
      startRaw: start.toICALString(),
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
    };
  });
  return { raw, events, response };
}

describe("GET /calendar/<token>.ics", () => {
  it("lists a course's sessions as VEVENTs in UTC, with UIDs, and a cancelled one STATUS:CANCELLED", async () => {
    const { raw, events, response } = await readFeed(await feedUrl(teacher, biology));
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, max-age=300");
    expect(events.map((e) => e.summary).sort()).toEqual(["Cancelled cram", LONG_TITLE].sort());
    const review = events.find((e) => e.summary === LONG_TITLE)!;
    // 18:00 in Chicago on 10 December (CST, UTC-6) is midnight UTC.
    expect(review.start).toBe("2026-12-11T00:00:00.000Z");
    expect(review.startRaw).toMatch(/^DTSTART(;VALUE=DATE-TIME)?:20261211T000000Z$/);
    expect(review.status).not.toBe("CANCELLED");
    expect(events.find((e) => e.summary === "Cancelled cram")!.status).toBe("CANCELLED");
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
    expect(raw.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(raw).not.toContain("Titration");
  });

  it("writes RFC 5545 text: CRLF line ends, lines folded at 75 octets, commas and semicolons escaped", async () => {
    const { raw } = await readFeed(await feedUrl(teacher, biology));
    expect(raw.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = raw.split("\r\n");
    expect(lines.some((line) => line.includes("\n"))).toBe(false);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    // Unfolded (a CRLF followed by one space joins lines), the title is escaped as RFC 5545 says.
    const unfolded = raw.replace(/\r\n[ \t]/g, "");
    expect(unfolded).toContain(
      "SUMMARY:Week 3 review\\; cells\\, membranes\\, and transport — bring your questions\\, notes\\; and the lab sheet",
    );
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
  });

  it("lists only the person's own courses' sessions in their own feed", async () => {
    const { events } = await readFeed(await feedUrl(student, null));
    // A person's feed spans their courses, so each title names its course.
    expect(events.map((e) => e.summary).sort()).toEqual(
      [`${LONG_TITLE} (Feed Biology)`, "Cancelled cram (Feed Biology)"].sort(),
    );
  });

  it("never shows this course's sessions through another course's link", async () => {
    const { events } = await readFeed(await feedUrl(teacher, chemistry));
    expect(events.map((e) => e.summary)).toEqual(["Titration practice"]);
  });

  it("answers 410 Gone for a renewed link's old URL and for a link turned off, 404 for an unknown one", async () => {
    // Staff renew and turn off a course's link; anyone in the course may read it.
    const old = await feedUrl(student, biology);
    expect((await fetch(old)).status).toBe(200);
    const renewed = await feedUrl(teacher, biology, true);
    expect(renewed).not.toBe(old);
    const gone = await fetch(old);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await gone.text()).toMatch(/turned off/i);
    expect((await readFeed(renewed)).events.length).toBeGreaterThan(0);

    expect(await revokeCalendarFeed(deps, { actor: teacher, courseId: biology })).toBe(true);
    expect((await fetch(renewed)).status).toBe(410);

    const unknown = await fetch(`${base}/calendar/${"x".repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await fetch(`${base}/calendar/not a token.ics`)).status).toBe(404);
    expect((await fetch(`${base}/calendar/${"x".repeat(43)}.txt`)).status).toBe(404);
  });
});

describe("the feed's per-address limit", () => {
  it("answers 429 past the limit, before reading the database", async () => {
    const app = express();
    app.use(calendarFeedRouter(deps, { perMinute: 2 }));
    const limited = createServer(app);
    await new Promise<void>((resolve) => limited.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/calendar/${"y".repeat(43)}.ics`;
    try {
      expect((await fetch(url)).status).toBe(404);
      expect((await fetch(url)).status).toBe(404);
      const refused = await fetch(url);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBeTruthy();
    } finally {
      await new Promise((resolve) => limited.close(resolve));
    }
  });
});
