// Issue 11 §2 walked as its people would, across the parts that built it: a Canvas teacher's LMS page
// gives a link code; the same teacher, no Slack admin, links their class channel with it; changes the
// course's settings in the Slack modal so anyone enrolled may host; a student hosts a quiz; the teacher
// archives the course (hosting is refused saying so, the tutor still answers, the LMS page says so),
// reopens it, and deletes it by typing its name, after which no row of the course is left anywhere.
//
// One process runs both front ends on one database, as `npm start` does: the real LTI tool (ltijs,
// express) and the real Slack front end (Bolt over HTTP), given the LMS tool's eraser as the app gives it.

import { ingestMaterial, saveQuiz } from "@studyhall/core";
import { ltiPrivacyEraser } from "@studyhall/lti";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  ORGANELLES,
  waitForBoard,
} from "../../bots/slack/src/testing/quiz-test-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { sampleMaterial } from "../support/course-fixtures.ts";
import { type FakeLtiPlatform, INSTRUCTOR, startFakeLtiPlatform } from "../support/fake-lti-platform.ts";
import { interactive, viewSubmissionPayload } from "../support/fake-slack-payloads.ts";
import type { SlackApiCall } from "../support/fake-slack-web-api.ts";

const teacher = { sub: "canvas-teacher-9", name: "Tess Teacher", roles: [INSTRUCTOR] };
const context = { id: "course-hydro", title: "Hydrology 101" };
const TEACHER_SLACK = "U0TESS"; // not a workspace admin
const STUDENT = "U0STUHOST";
const CO_TEACHER = "U0COTESS";
const CHANNEL = "C0HYDRO";

let lti: TestLti;
let slack: TestSlackApp;
let canvas: FakeLtiPlatform;
let courseId = "";
let coursePageUrl = "";

const db = () => lti.database.prisma;
const codeOn = (html: string) => /<span class="code">([A-Z0-9-]+)<\/span>/.exec(html)?.[1] ?? "";
/** What the hosting student has asked the tutor in the course (their classmate asks too). */
const studentQuestions = () =>
  db().message.count({
    where: {
      role: "USER",
      conversation: { courseId, user: { identities: { some: { externalId: STUDENT } } } },
    },
  });
const say = async (user: string, text: string) => (await commandAndRead(slack, user, CHANNEL, text)).text;

beforeAll(async () => {
  lti = await startTestLti();
  slack = await startTestSlackApp({ database: lti.database, erasers: [ltiPrivacyEraser] });
  slack.api.setHandler("conversations.members", (call: SlackApiCall) =>
    call.args.channel === CHANNEL
      ? { ok: true, members: [TEACHER_SLACK, STUDENT], response_metadata: { next_cursor: "" } }
      : { ok: false, error: "channel_not_found" },
  );
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
});
afterAll(async () => {
  await slack?.close();
  await canvas?.close();
  await lti?.close();
});

/** Rows of every table with a courseId column that belong to `id`, by table (empty tables left out). */
async function rowsOfCourse(id: string): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'courseId'`;
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await db().$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM "${table_name}" WHERE "courseId"::text = $1`,
      id,
    );
    if (Number(row!.n) > 0) counts[table_name] = Number(row!.n);
  }
  return counts;
}

describe("a teacher without Slack admin runs their course from the LMS code to its deletion", {
  timeout: 300_000,
}, () => {
  it("links the channel with the LMS page's code", async () => {
    const page = await canvas.launch({ user: teacher, context });
    expect(page.status).toBe(200);
    coursePageUrl = page.url;
    ({ courseId } = await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } }));
    await ingestMaterial({ courseId, data: await sampleMaterial(), fileName: "cells.md" }, lti.deps.ingest);
    await saveQuiz(db(), {
      courseId,
      origin: "AUTHORED",
      approved: true,
      title: "Aquifers",
      questions: ORGANELLES,
    });

    const spaceForm = formFields(page.body, "/course/space-code");
    const code = codeOn((await postForm(spaceForm.action, spaceForm.fields)).body);
    expect(code).not.toBe("");
    expect(await say(TEACHER_SLACK, `setup code ${code}`)).toMatch(/now linked to \*Hydrology 101\*/);
    expect(await db().course.count()).toBe(1);
  });

  it("shows a Slack classmate on the LMS roster, where the Canvas teacher makes them staff and back", async () => {
    await slack.command(CO_TEACHER, CHANNEL, "ask What is the cell membrane?");
    await slack.frontEnd.idle();
    expect(await say(CO_TEACHER, "code")).toMatch(/Only staff of Hydrology 101 can make link codes/);

    const rosterUrl = coursePageUrl.replace("/lti/course?", "/lti/course/roster?");
    const roster = await getPage(rosterUrl);
    expect(textOf(roster.body)).toMatch(/u0cotess Student Active/);
    const identity = await db().identity.findFirstOrThrow({
      where: { platform: "SLACK", externalId: CO_TEACHER },
    });
    const setRole = async (role: "STAFF" | "STUDENT") => {
      const form = formFields((await getPage(rosterUrl)).body, "/course/roster/role");
      return postForm(form.action, { ...form.fields, userId: identity.userId, role });
    };
    expect((await setRole("STAFF")).status).toBe(303);
    expect(await say(CO_TEACHER, "code")).toMatch(/setup code [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect((await setRole("STUDENT")).status).toBe(303);
    expect(await say(CO_TEACHER, "code")).toMatch(/Only staff of Hydrology 101 can make link codes/);
  });

  it("lets the teacher open anyone-may-host in the settings modal, and a student then hosts a quiz", async () => {
    expect(await say(STUDENT, "quiz start")).toMatch(/Only course staff can start a live quiz/);

    const opened = slack.api.callsTo("views.open").length;
    expect((await slack.command(TEACHER_SLACK, CHANNEL, "settings")).status).toBe(200);
    const [open] = (await slack.api.waitFor("views.open", () => true, { count: opened + 1 })).slice(-1);
    const view = open!.args.view as { private_metadata: string };
    const ack = await slack.send(
      interactive(
        viewSubmissionPayload({
          teamId: TEAM_A.teamId,
          userId: TEACHER_SLACK,
          callbackId: "sh:settings",
          values: {
            hostPolicy: { hostPolicy: { type: "static_select", selected_option: { value: "anyone" } } },
            questionsPerStudentPerHour: {
              questionsPerStudentPerHour: { type: "plain_text_input", value: "1" },
            },
          },
          privateMetadata: view.private_metadata,
        }),
      ),
    );
    expect(ack.status).toBe(200);
    await slack.frontEnd.idle();
    expect(await db().course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({
      hostPolicy: "ENROLLED",
    });

    expect(await say(STUDENT, "quiz start")).toMatch(/lobby is open/);
    const lobby = await waitForBoard(slack, CHANNEL, (text) => text.includes("Aquifers"));
    expect((await clickAndRead(slack, STUDENT, CHANNEL, buttonId(lobby.blocks, "Start"))).text).toMatch(
      /The quiz has started/,
    );
    await waitForBoard(slack, CHANNEL, (text) => text.includes("What makes ATP?"));
    expect(await say(STUDENT, "quiz stop")).toMatch(/The quiz has ended/);
  });

  it("archives the course: hosting is refused saying so, the tutor still answers, the LMS page says archived", async () => {
    expect(await say(TEACHER_SLACK, "course archive")).toMatch(
      /\*Hydrology 101\* is archived: it is read-only/,
    );
    const sessions = await db().quizSession.count({ where: { courseId } });
    expect(await say(STUDENT, "quiz start")).toMatch(/"Hydrology 101" is archived, so it is read-only/);
    expect(await db().quizSession.count({ where: { courseId } })).toBe(sessions);
    // The tutor still answers in the channel (README: archived is read-only, not silent).
    const posts = slack.api.calls.length;
    expect((await slack.command(STUDENT, CHANNEL, "ask What makes ATP?")).status).toBe(200);
    await slack.frontEnd.idle();
    const answer = slack.api.calls
      .slice(posts)
      .filter((c) => ["chat.postMessage", "chat.update"].includes(c.method) && c.args.channel === CHANNEL)
      .at(-1);
    expect(JSON.stringify(answer?.args ?? {})).not.toMatch(/archived|Only course staff/);
    expect(await studentQuestions()).toBe(1);

    expect(await studentQuestions()).toBe(1);
    expect(textOf((await getPage(coursePageUrl)).body)).toMatch(/archived/i);

    expect(await say(TEACHER_SLACK, "course unarchive")).toMatch(/open again/);
    // The budget the teacher set in the modal is the one /me counts down and the next question meets.
    expect(await say(STUDENT, "me")).toMatch(/0 of 1 questions? left this hour/);
    // One question a hour: the refusal counts it in words and says when, and nothing is stored.
    expect(await say(STUDENT, "ask What is an aquifer?")).toMatch(
      /You have asked 1 question in the last hour, the limit for this course\. You can ask again at \d\d:\d\d UTC/,
    );
    expect(await studentQuestions()).toBe(1);
    expect(await say(STUDENT, "quiz start")).toMatch(/lobby is open/);
    expect(await say(STUDENT, "quiz stop")).toMatch(/The quiz has ended/);
  });

  it("deletes the course only when its name is typed, and then no row of it is left", async () => {
    expect(await say(STUDENT, "course delete Hydrology 101")).toMatch(/Only course staff can do that/);
    expect(await say(TEACHER_SLACK, "course delete")).toMatch(/type its name/);
    expect(await say(TEACHER_SLACK, "course delete Hydrology")).toMatch(/Nothing was deleted/);
    expect(Object.keys(await rowsOfCourse(courseId)).length).toBeGreaterThan(3);

    expect(await say(TEACHER_SLACK, "course delete hydrology 101")).toMatch(/\*Hydrology 101\* was deleted/);
    expect(await rowsOfCourse(courseId)).toEqual({});
    expect(await db().course.count()).toBe(0);
    expect(await say(STUDENT, "quiz start")).toMatch(/not linked to a course/);
    // The teacher's LMS tab, still open on the deleted course, asks them to open StudyHall again (its
    // session went with the course) rather than failing; opening it again starts an empty course.
    for (const stale of [coursePageUrl, coursePageUrl.replace("/lti/course?", "/lti/course/questions?")]) {
      const page = await getPage(stale);
      expect(page.status).toBe(401);
      expect(textOf(page.body)).toContain("Open StudyHall again from your course.");
    }
    const again = await canvas.launch({ user: teacher, context });
    expect(again.status).toBe(200);
    expect(textOf(again.body)).toContain("No materials yet.");
    expect(await db().quiz.count()).toBe(0);
  });
});
