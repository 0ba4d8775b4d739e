// Issue 11 §1 walked as its people would, across the parts that built it: a Canvas teacher uploads a
// PDF on the course page; a student asks the tutor in the page's Ask box (the NDJSON stream its script
// reads), follows the finished answer's citation to the material page at the cited page, and from there
// opens the original PDF at #page=N; the teacher then sees that question on "Questions asked" beside a
// question a classmate asked in the course's Slack channel.
//
// One process runs both front ends on one database, as `npm start` does: the real LTI tool (ltijs,
// express) and the real Slack front end (Bolt over HTTP), with the offline AI.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandAndRead, TEACHER } from "../../bots/slack/src/testing/quiz-test-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../support/fake-lti-platform.ts";

const teacher = { sub: "canvas-teacher-3", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "canvas-student-3", name: "Sam Student", roles: [LEARNER] };
const context = { id: "course-hydro-3", title: "Hydrology 101" };
const CHANNEL = "C0HYDRO3";
const SLACK_STUDENT = "U0ASKER";
const LMS_QUESTION = "Where do wells draw water from?";
const SLACK_QUESTION = "What fills the pores of rock?";

let lti: TestLti;
let slack: TestSlackApp;
let canvas: FakeLtiPlatform;
let coursePage = "";
let pdfBytes: Uint8Array;
let materialId = "";

const db = () => lti.database.prisma;
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

/** A PDF whose pages each carry enough text to be passages of their own. */
async function makePdf(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([600, 800]);
    for (let line = 0; line < 8; line++) {
      page.drawText(`${text} line ${line + 1} of this page.`, { x: 40, y: 760 - line * 16, size: 11, font });
    }
  }
  return pdf.save();
}

beforeAll(async () => {
  lti = await startTestLti();
  slack = await startTestSlackApp({ database: lti.database });
  // The teacher knows the classmate by their Slack display name, not their username.
  slack.api.setProfile(TEAM_A.teamId, SLACK_STUDENT, {
    realName: "Rita Rivers",
    displayName: "Rita",
    email: "rita@school.example",
  });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
}, 120_000);
afterAll(async () => {
  await slack?.close();
  await canvas?.close();
  await lti?.close();
});

describe("the tutor in the LMS, from a PDF upload to the teacher's Questions page", {
  timeout: 300_000,
}, () => {
  it("takes the teacher's PDF upload on the course page", async () => {
    const page = await canvas.launch({ user: teacher, context });
    expect(page.status).toBe(200);
    coursePage = page.url;
    pdfBytes = await makePdf([
      "Groundwater fills the pores of rock.",
      "Aquifers are layers of rock that hold and pass water.",
      "Wells draw water from confined aquifers.",
    ]);
    const { action, fields } = formFields(page.body, "/course/materials");
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    form.set("file", new Blob([pdfBytes], { type: "application/pdf" }), "Aquifers week 3.pdf");
    const uploaded = await fetch(action, {
      method: "POST",
      headers: { accept: "application/json", "x-csrf-token": fields.csrf! },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    materialId = ((await uploaded.json()) as { material: { id: string } }).material.id;
    await expect
      .poll(async () => (await db().material.findUniqueOrThrow({ where: { id: materialId } })).status, {
        timeout: 60_000,
      })
      .toBe("READY");
  });

  it("streams a student's answer in the Ask box, whose citation opens the cited page and the PDF there", async () => {
    const page = await canvas.launch({ user: student, context });
    const { action, fields } = formFields(page.body, "/learn/ask");
    const response = await fetch(action, {
      method: "POST",
      headers: { accept: "application/x-ndjson", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, question: LMS_QUESTION }).toString(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const events = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; text?: string; html?: string; url?: string });
    expect(events.some((e) => e.type === "delta")).toBe(true);
    const answer = events.find((e) => e.type === "answer");
    expect(answer, JSON.stringify(events)).toBeDefined();
    expect(textOf(answer!.html!)).toMatch(/Wells draw water from confined aquifers/);

    // The citation: the material page at the cited page's id.
    const citation = hrefs(answer!.html!).find((h) =>
      new URL(h).pathname.endsWith(`/learn/materials/${materialId}`),
    );
    expect(citation, answer!.html).toBeDefined();
    const pageId = new URL(citation!).hash.slice(1);
    expect(pageId).toBe("page-3");
    const materialPage = await getPage(citation!);
    expect(materialPage.status).toBe(200);
    const cited = new RegExp(`<section class="passage" id="${pageId}"[^>]*>([\\s\\S]*?)</section>`).exec(
      materialPage.body,
    );
    expect(cited).not.toBeNull();
    expect(textOf(cited![1]!)).toContain("Wells draw water from confined aquifers");

    // From there, the original PDF at that page: the same bytes.
    const original = hrefs(cited![1]!).find((h) => new URL(h).pathname.endsWith(`/${materialId}/original`));
    expect(new URL(original!).hash).toBe("#page=3");
    const file = await fetch(original!);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(pdfBytes))).toBe(true);

    // The answer has its own page, and the student's page lists the question.
    expect((await getPage(answer!.url!)).status).toBe(200);
    expect(textOf((await canvas.launch({ user: student, context })).body)).toContain(LMS_QUESTION);
  });

  it("shows the teacher the LMS question beside a Slack classmate's on Questions asked", async () => {
    const page = await getPage(coursePage);
    const spaceForm = formFields(page.body, "/course/space-code");
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(
      (await postForm(spaceForm.action, spaceForm.fields)).body,
    )?.[1];
    expect((await commandAndRead(slack, TEACHER, CHANNEL, `setup code ${code}`)).text).toMatch(/now linked/);
    expect((await slack.command(SLACK_STUDENT, CHANNEL, `ask ${SLACK_QUESTION}`)).status).toBe(200);
    await slack.frontEnd.idle();
    await expect
      .poll(() => db().message.count({ where: { role: "USER", content: SLACK_QUESTION } }), {
        timeout: 20_000,
      })
      .toBe(1);

    const questions = await getPage(coursePage.replace("/lti/course?", "/lti/course/questions?"));
    expect(questions.status).toBe(200);
    const text = textOf(questions.body);
    expect(text).toMatch(new RegExp(`${LMS_QUESTION.replace("?", "\\?")} Sam Student .*LMS`));
    expect(text).toMatch(new RegExp(`${SLACK_QUESTION.replace("?", "\\?")} Rita [0-9-]+ [0-9:]+ UTC Slack`));
  });
});
