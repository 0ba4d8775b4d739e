// The calendar link from the LMS page to a calendar app and back, as the app serves both: a student
// opens Study sessions, shows their calendar link, a calendar app reads it from the feed route (200,
// the course's session in it), the student presses Turn off, and the same URL answers 410 Gone.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { INSTRUCTOR, LEARNER, startFakeLtiPlatform } from "../../test/support/fake-lti-platform.ts";
import type { FakeLtiPlatform } from "../../test/support/fake-lti-platform-api.ts";
import { calendarFeedRouter } from "./calendar-feed-route.ts";

const teacher = { sub: "teacher-feed-lms", name: "Tess Teacher", roles: [INSTRUCTOR] };
const sam = { sub: "student-feed-lms", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-feed-lms", title: "Genetics" };
const now = new Date("2026-12-07T12:00:00Z");

let lti: TestLti;
let canvas: FakeLtiPlatform;
let feeds: Server;
let feedBase: string;
let teacherHome: string;
let samHome: string;

beforeAll(async () => {
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherHome = (await canvas.launch({ user: teacher, context })).url;
  samHome = (await canvas.launch({ user: sam, context })).url;
  const app = express();
  app.use(calendarFeedRouter(lti.deps));
  feeds = createServer(app);
  await new Promise<void>((resolve) => feeds.listen(0, "127.0.0.1", resolve));
  feedBase = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => feeds?.close(resolve));
  await canvas?.close();
  await lti?.close();
});

function linkTo(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

/** The calendar form of the page for one scope and action (each button is its own form). */
function calendarForm(body: string, scope: string, action: string) {
  for (const form of body.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
    if (!form[0].includes("/sessions/calendar")) continue;
    const found = formFields(form[0], "/sessions/calendar");
    if (found.fields.scope === scope && found.fields.action === action) return found;
  }
  throw new Error(`no calendar form for ${scope} ${action}`);
}

describe("the calendar link from the LMS page", () => {
  it("is read by the feed route until Turn off, then answers 410 Gone", async () => {
    const teacherPage = await getPage(linkTo((await getPage(teacherHome)).body, "/sessions"));
    const schedule = formFields(teacherPage.body, "/sessions/schedule");
    const scheduled = await postForm(schedule.action, {
      ...schedule.fields,
      title: "Punnett squares",
      date: "2026-12-09",
      time: "16:00",
    });
    expect(scheduled.status).toBe(200);

    const page = await getPage(linkTo((await getPage(samHome)).body, "/sessions"));
    const show = calendarForm(page.body, "me", "show");
    const shown = await postForm(show.action, show.fields);
    const link = /https?:\/\/[^\s"<]+(\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(textOf(shown.body));
    expect(link).not.toBeNull();
    const feedUrl = `${feedBase}${link![1]}`;

    const read = await fetch(feedUrl);
    expect(read.status).toBe(200);
    expect(await read.text()).toContain("SUMMARY:Punnett squares (Genetics)");

    const off = calendarForm(shown.body, "me", "off");
    const turnedOff = await postForm(off.action, off.fields);
    expect(turnedOff.status).toBe(200);
    expect(textOf(turnedOff.body)).toContain("Your calendar link is off");

    const gone = await fetch(feedUrl);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("This calendar link was turned off.");
  });
});
