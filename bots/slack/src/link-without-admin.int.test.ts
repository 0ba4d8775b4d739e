import { createCourse, ensureEnrollment, resolveUser, saveQuiz, startSpaceBinding } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackApiCall } from "../../../test/support/fake-slack-web-api.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { ORGANELLES, waitForBoard } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Issue 11 §2 through real Bolt against the fake Slack: a teacher who is not a workspace admin links a
// channel with the code from the course's LMS page and hosts a quiz there; codes and staff from chat;
// and each refusal says why and changes nothing.
let t: TestSlackApp;
const TEACHER = "U0TEACH"; // not in TEAM_A.admins
const CO_TEACHER = "U0COTEACH";
const STUDENT = "U0STU1";
/** Who Slack's conversations.members says is in each channel. */
const MEMBERS: Record<string, string[]> = {
  C0HYDRO: [TEACHER, STUDENT, CO_TEACHER],
  C0LAB: [TEACHER, STUDENT],
  C0LAB2: [TEACHER],
  C0ELSE: [STUDENT],
};
let courseId: string;

async function run(user: string, channel: string, text: string) {
  const result = await t.command(user, channel, text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return { body: response.body, text: blockKitText((response.body.blocks ?? []) as SlackBlock[]) };
}

/** A code made by the use case the LMS page's "Link a chat channel" button calls, as its instructor. */
async function lmsPageCode(): Promise<string> {
  const instructor = { platform: "LTI" as const, tenant: "https://canvas.test", externalId: "lti-teacher" };
  return (await startSpaceBinding(t.deps.db, { actor: instructor, courseId })).code;
}

const spaces = () => t.deps.db.courseSpace.count();
const usedCodes = () => t.deps.db.linkCode.count({ where: { usedAt: { not: null } } });

beforeAll(async () => {
  t = await startTestSlackApp();
  const db = t.deps.db;
  const course = await createCourse(db, { name: "Hydrology 101" });
  courseId = course.id;
  const { userId } = await resolveUser(db, {
    platform: "LTI",
    tenant: "https://canvas.test",
    externalId: "lti-teacher",
  });
  await ensureEnrollment(db, { courseId, userId, role: "STAFF", source: "LTI" });
  await saveQuiz(db, {
    courseId,
    origin: "AUTHORED",
    approved: true,
    title: "Aquifers",
    questions: ORGANELLES,
  });
});
afterAll(() => t?.close());

function answerMembers() {
  t.api.setHandler("conversations.members", (call: SlackApiCall) => {
    const members = MEMBERS[String(call.args.channel)];
    return members
      ? { ok: true, members, response_metadata: { next_cursor: "" } }
      : { ok: false, error: "channel_not_found" };
  });
}

describe("a teacher without admin rights runs the course", () => {
  it("links a channel with the LMS page's code, then hosts a quiz in it", async () => {
    answerMembers();
    const code = await lmsPageCode();
    const { body, text } = await run(TEACHER, "C0HYDRO", `setup code ${code}`);
    expect(text).toMatch(/now linked to \*Hydrology 101\*/);
    expect(body.response_type).toBe("in_channel");
    expect(t.api.callsTo("conversations.members").some((c) => c.args.channel === "C0HYDRO")).toBe(true);

    const start = await t.command(TEACHER, "C0HYDRO", "quiz start");
    expect(start.status).toBe(200);
    const lobby = await waitForBoard(t, "C0HYDRO", (text) => text.includes("Aquifers"));
    expect(lobby.text).toMatch(/Join/);
  });

  it("gives that teacher a code in chat, privately, with how to use it", async () => {
    answerMembers();
    const { body, text } = await run(TEACHER, "C0HYDRO", "code");
    expect(body.response_type).toBe("ephemeral");
    const code = /setup code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(text).toMatch(/works once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text).toContain(`/setup code:${code}`);
    const linked = await run(TEACHER, "C0LAB", `setup code ${code}`);
    expect(linked.text).toMatch(/now linked to \*Hydrology 101\*/);
  });

  it("adds and lists a co-teacher, who may then make codes; removes them again", async () => {
    answerMembers();
    const added = await run(TEACHER, "C0HYDRO", `staff add <@${CO_TEACHER}|co>`);
    expect(added.text).toMatch(/is now staff of \*Hydrology 101\*/);
    expect((await run(CO_TEACHER, "C0HYDRO", "code")).text).toMatch(/Link code for \*Hydrology 101\*/);
    const list = await run(STUDENT, "C0HYDRO", "staff");
    expect(list.text).toMatch(/Staff of \*Hydrology 101\* \(3\)/);
    const removed = await run(TEACHER, "C0HYDRO", `staff remove <@${CO_TEACHER}>`);
    expect(removed.text).toMatch(/no longer staff of \*Hydrology 101\*/);
    expect(
      await t.deps.db.auditEntry.count({
        where: { action: { in: ["course.staff_added", "course.staff_removed"] } },
      }),
    ).toBe(2);
  });
});

describe("refusals, each changing nothing", () => {
  it("refuses a code used twice", async () => {
    answerMembers();
    const code = await lmsPageCode();
    expect((await run(TEACHER, "C0LAB2", `setup code ${code}`)).text).toMatch(/now linked/);
    const [before, used] = [await spaces(), await usedCodes()];
    const { text } = await run(TEACHER, "C0HYDRO", `setup code ${code}`);
    expect(text).toMatch(/already been used/);
    expect([await spaces(), await usedCodes()]).toEqual([before, used]);
  });

  it("refuses a channel the person is not in, and their code still works where they are", async () => {
    answerMembers();
    const code = await lmsPageCode();
    const [before, used] = [await spaces(), await usedCodes()];
    const { text } = await run(TEACHER, "C0ELSE", `setup code ${code}`);
    expect(text).toMatch(/only link a channel you are a member of/);
    expect([await spaces(), await usedCodes()]).toEqual([before, used]);
    MEMBERS.C0ELSE!.push(TEACHER);
    expect((await run(TEACHER, "C0ELSE", `setup code ${code}`)).text).toMatch(/now linked/);
  });

  it("refuses a student a link code and a staff change", async () => {
    answerMembers();
    const codes = await t.deps.db.linkCode.count();
    expect((await run(STUDENT, "C0HYDRO", "code")).text).toMatch(
      /Only staff of Hydrology 101 can make link codes/,
    );
    expect(await t.deps.db.linkCode.count()).toBe(codes);
    const staff = await t.deps.db.enrollment.count({ where: { courseId, role: "STAFF" } });
    expect((await run(STUDENT, "C0HYDRO", `staff add <@${STUDENT}>`)).text).toMatch(
      /Only course staff can add or remove staff/,
    );
    expect(await t.deps.db.enrollment.count({ where: { courseId, role: "STAFF" } })).toBe(staff);
  });

  it("refuses a non-admin a new course by setup", async () => {
    answerMembers();
    const before = await t.deps.db.course.count();
    const { text } = await run(STUDENT, "C0NEW", "setup Study group");
    expect(text).toMatch(/Only people who manage this server or workspace can make a new course/);
    expect(await t.deps.db.course.count()).toBe(before);
  });

  it("explains a staff change typed without picking the person", async () => {
    const result = await t.command(TEACHER, "C0HYDRO", "staff add ada");
    expect(result.text).toMatch(/Mention one person with @/);
  });
});
