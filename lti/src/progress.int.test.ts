// Progress on the LMS page, through the real ltijs against the fake platform: a student's own page
// (the progress card inline as an accessible SVG, the same in words with its study buttons, the course
// leaderboard with the button to hide from it, and their history: a flashcard review done on the
// page), and for staff the class's progress and each student's card. A student opens neither staff
// page.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";
import { clickButton, pageButtons } from "./testing/study-buttons.ts";

const teacher = { sub: "teacher-progress", name: "Tess Teacher", roles: [INSTRUCTOR] };
const sam = { sub: "student-sam", name: "Sam Student", roles: [LEARNER] };
const ria = { sub: "student-ria", name: "Ria Reader", roles: [LEARNER] };
const context = { id: "ctx-progress", title: "Cell biology" };
// A Wednesday afternoon in UTC (the default time zone): the week began on Monday 2026-12-07.
const now = new Date("2026-12-09T15:00:00Z");

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let teacherHome: string;
let samHome: string;
let riaHome: string;

beforeAll(async () => {
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherHome = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  samHome = (await canvas.launch({ user: sam, context })).url;
  riaHome = (await canvas.launch({ user: ria, context })).url;
  await earn(sam.sub, 60, "2026-12-08T10:00:00Z");
  await earn(ria.sub, 25, "2026-12-09T09:00:00Z");
  await earn(ria.sub, 200, "2026-11-20T09:00:00Z");
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

async function earn(subject: string, points: number, at: string): Promise<void> {
  await db().xpEvent.create({
    data: {
      userId: await userOf(subject),
      courseId,
      kind: "PRACTICE_ANSWER",
      sourceKey: `test:${at}`,
      points,
      occurredAt: new Date(at),
      localDate: new Date(`${at.slice(0, 10)}T00:00:00Z`),
    },
  });
}

function linkTo(body: string, pathEnd: string | RegExp): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => {
      const path = new URL(href).pathname;
      return typeof pathEnd === "string" ? path.endsWith(pathEnd) : pathEnd.test(path);
    });
  if (!link) throw new Error(`no link to …${String(pathEnd)}`);
  return link;
}

async function progressPage(home: string): Promise<PageResponse> {
  return getPage(linkTo((await getPage(home)).body, "/progress"));
}

/** Reviews one card on the page (a deck imported first), so history has something of the day. */
async function reviewOneCard(home: string): Promise<void> {
  const study = await getPage(linkTo((await getPage(home)).body, "/study"));
  const cards = await getPage(linkTo(study.body, "/study/cards"));
  const { action, fields } = formFields(cards.body, "/study/cards/import");
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...fields, title: "Organelles" })) form.append(name, value);
  form.append("file", new Blob(["mitochondrion\tmakes ATP\n"], { type: "text/plain" }), "cards.txt");
  const imported = await fetch(action, { method: "POST", body: form, redirect: "manual" });
  expect(imported.status).toBe(303);
  const front = await clickButton(
    (await getPage(imported.headers.get("location")!)).body,
    /^(Review|Check for cards)$/,
  );
  const rated = await clickButton((await clickButton(front.body, /Show/)).body, /^Good/);
  expect(rated.status).toBe(200);
}

describe("a student's progress page", () => {
  it("shows the card inline as an accessible SVG, and the same in words with study buttons", async () => {
    const page = await progressPage(samHome);
    expect(page.status).toBe(200);
    const svg = /<svg\b[^>]*>[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? "";
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/<title id="progress-card-title">Progress of Sam Student in Cell biology<\/title>/);
    expect(svg).toMatch(/<desc id="progress-card-desc">[^<]*level 1/i);
    // The page's CSP allows no inline style, so the card must draw with attributes alone.
    expect(svg).not.toMatch(/<style|style="/);
    const text = textOf(page.body);
    expect(text).toMatch(/In words.*Level 1 · 60 XP/);
    expect(text).toContain("Streak");
  });

  it("ranks the course's students for the week and of all time", async () => {
    const week = await progressPage(samHome);
    expect(textOf(week.body)).toMatch(/1 Sam Student \(you\) 60 XP 2 Ria Reader 25 XP/);
    expect(textOf(week.body)).toContain("You are number 1 with 60 XP.");
    const all = await getPage(linkTo(week.body, "/progress").replace("ltik=", "period=all&ltik="));
    expect(textOf(all.body)).toMatch(/1 Ria Reader 225 XP 2 Sam Student \(you\) 60 XP/);
  });

  it("hides the student from the leaderboard with the button, and shows them again", async () => {
    const page = await progressPage(riaHome);
    const { action, fields } = formFields(page.body, "/progress/leaderboard");
    const hidden = await postForm(action, fields);
    expect(hidden.status).toBe(303);
    const after = await getPage(hidden.location!);
    expect(textOf(after.body)).toContain("You are hidden from the leaderboards now.");
    expect(textOf(after.body)).toContain("You are hidden from the leaderboards: classmates do not see you");
    expect(textOf((await progressPage(samHome)).body)).not.toContain("Ria Reader");

    const again = formFields(after.body, "/progress/leaderboard");
    expect(again.fields.hidden).toBe("0");
    const shown = await postForm(again.action, again.fields);
    expect(textOf((await getPage(shown.location!)).body)).toContain("You are on the leaderboards again.");
    expect(textOf((await progressPage(samHome)).body)).toContain("Ria Reader");
  });

  it("refuses a hide button without the session's CSRF token", async () => {
    const page = await progressPage(riaHome);
    const { action, fields } = formFields(page.body, "/progress/leaderboard");
    const forged = await postForm(action, { ...fields, csrf: "forged" });
    expect(forged.status).toBe(403);
    const settings = await db().studySettings.findUnique({ where: { userId: await userOf(ria.sub) } });
    expect(settings?.hideFromLeaderboard ?? false).toBe(false);
  });

  it("lists a flashcard review done on the page in the history", async () => {
    await reviewOneCard(samHome);
    const page = await progressPage(samHome);
    expect(textOf(page.body)).toMatch(/History .*Flashcards Flashcard review 1 card · 100% remembered/);
    // The review earned its XP where it was stored.
    expect(textOf(page.body)).toMatch(/Level 1 · 62 XP/);
  });

  it("says so when staff turned the leaderboard off", async () => {
    await db().course.update({ where: { id: courseId }, data: { leaderboardEnabled: false } });
    try {
      const page = await progressPage(samHome);
      expect(page.status).toBe(200);
      expect(textOf(page.body)).toMatch(/turned the leaderboard off/);
      expect(pageButtons(page.body).map((b) => b.label)).not.toContain("Hide me from leaderboards");
    } finally {
      await db().course.update({ where: { id: courseId }, data: { leaderboardEnabled: true } });
    }
  });
});

describe("staff views", () => {
  it("show the class: a row per student linking to their card, and the class's skills", async () => {
    const course = await getPage(teacherHome);
    const page = await getPage(linkTo(course.body, "/progress/class"));
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/Sam Student 1 \d+ XP/);
    expect(text).toMatch(/Ria Reader 2 225 XP 25 XP/);
    // Sam's review on the page above is the class's one skill: the deck's name is its topic.
    expect(text).toMatch(/Skills Topic Mastery Students Organelles \d+% 1/);
    expect(text).toContain("XP per day");

    const student = await getPage(linkTo(page.body, `/progress/students/${await userOf(sam.sub)}`));
    expect(student.status).toBe(200);
    expect(student.body).toMatch(/<title id="progress-card-title">Progress of Sam Student in Cell biology/);
    // The student's suggestion buttons would act for whoever pressed them: staff see the words only.
    expect(pageButtons(student.body)).toHaveLength(0);
  });

  it("refuse a student id that is not in the course, and a malformed one, as not found", async () => {
    const classPage = await getPage(linkTo((await getPage(teacherHome)).body, "/progress/class"));
    const samUrl = linkTo(classPage.body, `/progress/students/${await userOf(sam.sub)}`);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const refused = await getPage(
        samUrl.replace(/\/progress\/students\/[^?]+/, `/progress/students/${id}`),
      );
      expect(refused.status).toBe(404);
      expect(textOf(refused.body)).not.toContain("Sam Student");
    }
  });

  it("are refused to a student, for the class and for a classmate's card", async () => {
    const own = await progressPage(samHome);
    const classUrl = linkTo(own.body, "/progress").replace("/progress?", "/progress/class?");
    expect((await getPage(classUrl)).status).toBe(403);
    const riaUrl = classUrl.replace("/progress/class?", `/progress/students/${await userOf(ria.sub)}?`);
    const refused = await getPage(riaUrl);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).not.toContain("Ria Reader");
    expect(own.body).not.toContain("Class progress");
  });
});
