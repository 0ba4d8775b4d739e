import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactive, viewSubmissionPayload } from "../../../test/support/fake-slack-payloads.ts";
import { commandAndRead, seedQuizCourse, TEACHER } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// `/studyhall settings` through real Bolt against the fake Slack: the modal opens for staff with the
// values in force, bad values come back beside their fields, a save changes what core enforces.
let t: TestSlackApp;
let courseId = "";
const STUDENT = "U0STUSET";

beforeAll(async () => {
  t = await startTestSlackApp();
  ({ courseId } = await seedQuizCourse(t));
});
afterAll(() => t?.close());

const select = (value: string) => ({ type: "static_select", selected_option: { value } });
const typed = (value: string) => ({ type: "plain_text_input", value });

function submission(user: string, values: Record<string, unknown>, channel = "C0SET") {
  const state = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { [key]: value }]));
  return viewSubmissionPayload({
    teamId: TEAM_A.teamId,
    userId: user,
    callbackId: "sh:settings",
    values: state as Record<string, Record<string, unknown>>,
    privateMetadata: JSON.stringify({ courseId, channel }),
  });
}

const stored = async () => ({
  course: await t.deps.db.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      hostPolicy: true,
      materialsPolicy: true,
      answerPolicy: true,
      leaderboardEnabled: true,
      quizDefaults: true,
    },
  }),
  budgets: await t.deps.db.budget.findMany({ where: { courseId } }),
});

describe("/studyhall settings", () => {
  it("refuses a student, opens nothing and changes nothing", async () => {
    const before = await stored();
    const opened = t.api.callsTo("views.open").length;
    const { text } = await commandAndRead(t, STUDENT, "C0SET", "settings");
    expect(text).toMatch(/Only course staff can do that/);
    expect(t.api.callsTo("views.open")).toHaveLength(opened);
    expect(await stored()).toEqual(before);
  });

  it("with staff-only hosting and materials, a student's quiz start and material are refused", async () => {
    expect((await commandAndRead(t, STUDENT, "C0SET", "quiz start")).text).toMatch(
      /Only course staff can start a live quiz in this course/,
    );
    expect(await t.deps.db.quizSession.count({ where: { courseId } })).toBe(0);
    expect(
      (await commandAndRead(t, STUDENT, "C0SET", "materials add https://example.org/notes.md")).text,
    ).toMatch(/Only course staff can add materials to this course/);
  });

  it("changes settings by name in the command: refused for a student, saved and shown for staff", async () => {
    const before = await stored();
    const opened = t.api.callsTo("views.open").length;
    expect((await commandAndRead(t, STUDENT, "C0SET", "settings leaderboard off")).text).toMatch(
      /Only course staff can do that/,
    );
    expect(await stored()).toEqual(before);
    expect((await commandAndRead(t, TEACHER, "C0SET", "settings leaderbord off")).text).toMatch(
      /`leaderbord` is not a course setting\. The settings: `hosts`/,
    );
    expect((await commandAndRead(t, TEACHER, "C0SET", "settings leaderboard maybe")).text).toMatch(
      /Course leaderboard: choose on or off\./,
    );
    expect(await stored()).toEqual(before);
    const saved = await commandAndRead(t, TEACHER, "C0SET", "settings leaderboard off");
    expect(saved.text).toMatch(/Saved\. The settings of/);
    expect(saved.text).toMatch(/Course leaderboard:\*? off/);
    expect((await stored()).course.leaderboardEnabled).toBe(false);
    expect(t.api.callsTo("views.open")).toHaveLength(opened);
    await commandAndRead(t, TEACHER, "C0SET", "settings leaderboard on");
    expect((await stored()).course.leaderboardEnabled).toBe(true);
  });

  it("opens the modal for staff with the trigger id and the values in force", async () => {
    const opened = t.api.callsTo("views.open").length;
    const result = await t.command(TEACHER, "C0SET", "settings");
    expect(result.status).toBe(200);
    await t.api.waitFor("views.open", () => true, { count: opened + 1 });
    const call = t.api.callsTo("views.open").at(-1)!;
    expect(call.args.trigger_id).toBeTruthy();
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe("sh:settings");
    expect(JSON.parse(view.private_metadata)).toEqual({ courseId, channel: "C0SET" });
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Course staff only"},"value":"staff"}',
    );
    expect(blocks).toMatch(/0: no limit\. Blank: the default/);
    expect(blocks).toContain('"block_id":"leaderboard"');
    expect(blocks).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"On: students see the weekly and all-time XP rankings"},"value":"on"}',
    );
  });

  it("shows out-of-range values beside their fields and saves none of the form", async () => {
    const before = await stored();
    const ack = await t.send(
      interactive(
        submission(TEACHER, {
          hostPolicy: select("anyone"),
          secondsPerQuestion: typed("2"),
          tokensPerCoursePerDay: typed("-5"),
          questionsPerStudentPerHour: typed("many"),
        }),
      ),
    );
    expect(JSON.parse(ack.text)).toEqual({
      response_action: "errors",
      errors: {
        secondsPerQuestion: "Seconds per question must be a whole number from 5 to 300.",
        tokensPerCoursePerDay: "Tokens per course per day must be a whole number from 0 to 100000000.",
        questionsPerStudentPerHour: "Questions per student per hour must be a whole number from 0 to 10000.",
      },
    });
    await t.frontEnd.idle();
    expect(await stored()).toEqual(before);
  });

  it("refuses a student who submits the form anyway, and changes nothing", async () => {
    const before = await stored();
    const posted = t.api.callsTo("chat.postEphemeral").length;
    const ack = await t.send(interactive(submission(STUDENT, { hostPolicy: select("anyone") })));
    expect(ack.status).toBe(200);
    await t.frontEnd.idle();
    await t.api.waitFor("chat.postEphemeral", () => true, { count: posted + 1 });
    const last = t.api.callsTo("chat.postEphemeral").at(-1)!;
    expect(last.args).toMatchObject({ channel: "C0SET", user: STUDENT });
    expect(JSON.stringify(last.args)).toMatch(/Only course staff can do that/);
    expect(await stored()).toEqual(before);
  });

  it("saves staff's changes, says so, and then anyone enrolled may start a quiz", async () => {
    const posted = t.api.callsTo("chat.postEphemeral").length;
    const ack = await t.send(
      interactive(
        submission(TEACHER, {
          hostPolicy: select("anyone"),
          materialsPolicy: select("staff"),
          answerPolicy: select("socratic"),
          scoring: select("accuracy"),
          streaks: select("off"),
          showRankings: select("show"),
          leaderboard: select("off"),
          secondsPerQuestion: typed("15"),
          questionsPerStudentPerHour: typed("12"),
          tokensPerStudentPerDay: typed(""),
          tokensPerCoursePerDay: typed("0"),
        }),
      ),
    );
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    await t.frontEnd.idle();
    await t.api.waitFor("chat.postEphemeral", () => true, { count: posted + 1 });
    expect(JSON.stringify(t.api.callsTo("chat.postEphemeral").at(-1)!.args)).toMatch(/Course settings saved/);
    const { course, budgets } = await stored();
    expect(course).toMatchObject({
      hostPolicy: "ENROLLED",
      materialsPolicy: "STAFF",
      answerPolicy: "SOCRATIC",
      leaderboardEnabled: false,
      quizDefaults: { scoring: "accuracy", streaks: false, showRankings: true, secondsPerQuestion: 15 },
    });
    expect(budgets.map((b) => [b.scope, b.windowSeconds, b.maxRequests, b.maxTokens]).sort()).toEqual([
      ["COURSE", 86_400, null, null],
      ["PER_USER", 3600, 12, null],
    ]);

    const started = await commandAndRead(t, STUDENT, "C0SET", "quiz start");
    expect(started.text).toMatch(/lobby is open/);
    const session = await t.deps.db.quizSession.findFirstOrThrow({ where: { courseId } });
    expect(session.options).toMatchObject({ scoring: "accuracy", streaks: false, secondsPerQuestion: 15 });
  });
});
