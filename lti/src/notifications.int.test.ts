// Notifications on the LMS page, through the real ltijs against the fake platform: the person's own
// inbox (unread marked), Mark all read (a POST with the session's CSRF token; a forged one refused),
// and the form for which kinds reach them in chat and the daily digest. Another person's notifications
// never show, whoever asks.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-notify", name: "Tess Teacher", roles: [INSTRUCTOR] };
const sam = { sub: "student-sam-n", name: "Sam Student", roles: [LEARNER] };
const ria = { sub: "student-ria-n", name: "Ria Reader", roles: [LEARNER] };
const context = { id: "ctx-notify", title: "Cell biology" };
const now = new Date("2026-12-09T15:00:00Z");

let lti: TestLti;
let canvas: FakeLtiPlatform;
let samHome: string;
let riaHome: string;

beforeAll(async () => {
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  // The teacher's launch makes the course the students' launches join.
  await canvas.launch({ user: teacher, context });
  samHome = (await canvas.launch({ user: sam, context })).url;
  riaHome = (await canvas.launch({ user: ria, context })).url;
  await seed(sam.sub, "Your score for Cells quiz was sent", "s1", null);
  await seed(sam.sub, "Your score for Genes quiz was sent", "s2", now);
  await seed(ria.sub, "Ria's private score", "s3", null);
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

async function seed(subject: string, title: string, sourceKey: string, readAt: Date | null): Promise<void> {
  await db().notification.create({
    data: {
      userId: await userOf(subject),
      courseId: null,
      kind: "GRADE_SENT",
      title,
      body: "It went to Cell biology in Canvas.",
      sourceKey,
      readAt,
    },
  });
}

function linkTo(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

async function inbox(home: string): Promise<PageResponse> {
  return getPage(linkTo((await getPage(home)).body, "/notifications"));
}

async function unread(subject: string): Promise<number> {
  return db().notification.count({ where: { userId: await userOf(subject), readAt: null } });
}

describe("the notifications page", () => {
  it("lists the person's own notifications with the unread marked, and nobody else's", async () => {
    const page = await inbox(samHome);
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain("1 unread");
    expect(text).toContain("Unread: Your score for Cells quiz was sent");
    expect(text).toContain("Your score for Genes quiz was sent");
    expect(text).not.toContain("Unread: Your score for Genes quiz");
    expect(text).not.toContain("Ria's private score");
    expect(textOf((await inbox(riaHome)).body)).not.toContain("Cells quiz");
  });

  it("refuses Mark all read without the session's CSRF token, and marks only the person's own with it", async () => {
    const { action, fields } = formFields((await inbox(samHome)).body, "/notifications/read");
    const forged = await postForm(action, { ...fields, csrf: "forged" });
    expect(forged.status).toBe(403);
    expect(await unread(sam.sub)).toBe(1);

    // Ria's own token, with Sam's ltik, is not Sam's session's either.
    const riaToken = formFields((await inbox(riaHome)).body, "/notifications/read").fields.csrf!;
    expect((await postForm(action, { ...fields, csrf: riaToken })).status).toBe(403);

    const done = await postForm(action, fields);
    expect(done.status).toBe(303);
    expect(textOf((await getPage(done.location!)).body)).toContain(
      "Everything in your inbox is marked read.",
    );
    expect(await unread(sam.sub)).toBe(0);
    expect(await unread(ria.sub)).toBe(1);
  });

  it("saves the kinds and the digest from the form", async () => {
    const { action, fields } = formFields((await inbox(samHome)).body, "/notifications/settings");
    const form = new URLSearchParams(fields);
    for (const kind of ["CARDS_DUE", "SESSION_REMINDER", "QUIZ_RESULT", "MODERATION_FLAG"])
      form.append("on", kind);
    form.append("digest", "1");
    form.append("digestHour", "7");
    const saved = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      redirect: "manual",
    });
    expect(saved.status).toBe(303);
    const settings = await db().studySettings.findUniqueOrThrow({ where: { userId: await userOf(sam.sub) } });
    expect(settings).toMatchObject({
      notificationsOff: ["GRADE_SENT"],
      notificationDigest: true,
      digestHour: 7,
    });
    const page = await getPage(saved.headers.get("location")!);
    expect(textOf(page.body)).toContain("Your notification settings are saved.");
    expect(page.body).toMatch(/<input type="checkbox" name="on" value="GRADE_SENT">/);
    expect(page.body).toMatch(/<option value="7" selected>/);

    const forged = await postForm(action, { ...fields, csrf: "forged", digestHour: "9" });
    expect(forged.status).toBe(403);
  });
});
