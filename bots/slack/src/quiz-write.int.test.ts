import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactive, viewSubmissionPayload } from "../../../test/support/fake-slack-payloads.ts";
import { commandAndRead, seedQuizCourse, TEACHER, waitForBoard } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// `/studyhall quiz write` through real Bolt against the fake Slack: staff get the modal, lines core
// cannot read come back beside their boxes with nothing saved, a good form saves a quiz ready to play,
// and `quiz start` hosts it.
let t: TestSlackApp;
let courseId = "";
const STUDENT = "U0STUWRT";
const CHANNEL = "C0WRITE";

beforeAll(async () => {
  t = await startTestSlackApp();
  ({ courseId } = await seedQuizCourse(t));
}, 300_000);
afterAll(() => t?.close());

function submission(user: string, title: string, lines: string[]) {
  const boxes = Object.fromEntries(lines.map((line, box) => [`q${box}`, line]));
  const values = Object.fromEntries(
    Object.entries({ title, ...boxes }).map(([key, value]) => [
      key,
      { [key]: { type: "plain_text_input", value: value || null } },
    ]),
  );
  return viewSubmissionPayload({
    teamId: TEAM_A.teamId,
    userId: user,
    callbackId: "sh:quiz-write",
    values,
    privateMetadata: JSON.stringify({ courseId, channel: CHANNEL }),
  });
}

const quizzes = () => t.deps.db.quiz.count({ where: { courseId } });

describe("/studyhall quiz write", { timeout: 300_000 }, () => {
  it("refuses a student and opens nothing", async () => {
    const opened = t.api.callsTo("views.open").length;
    const { text } = await commandAndRead(t, STUDENT, CHANNEL, "quiz write");
    expect(text).toMatch(/Only course staff can write, review or export quizzes/);
    expect(t.api.callsTo("views.open")).toHaveLength(opened);
  });

  it("opens the modal for staff with the title typed after the command and the line format", async () => {
    const opened = t.api.callsTo("views.open").length;
    expect((await t.command(TEACHER, CHANNEL, "quiz write Cell check")).status).toBe(200);
    await t.api.waitFor("views.open", () => true, { count: opened + 1 });
    const call = t.api.callsTo("views.open").at(-1)!;
    expect(call.args.trigger_id).toBeTruthy();
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe("sh:quiz-write");
    expect(JSON.parse(view.private_metadata)).toEqual({ courseId, channel: CHANNEL });
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('"initial_value":"Cell check"');
    expect(blocks).toContain("with * before the right one");
    expect(blocks).toContain('"block_id":"q4"');
  });

  it("shows each problem beside its box and saves nothing", async () => {
    const before = await quizzes();
    const ack = await t.send(
      interactive(
        submission(TEACHER, "Cell check", [
          "Which organelle makes ATP? | Mitochondria | Nucleus",
          "Where is DNA kept? | *Nucleus",
          "",
          "Fine? | *Yes | No",
        ]),
      ),
    );
    expect(JSON.parse(ack.text)).toEqual({
      response_action: "errors",
      errors: {
        q0: "Question 1: put * before the right answer, like |*Water.",
        q1: "Question 2: give 2 to 4 answers after the question, separated by | (found 1).",
      },
    });
    await t.frontEnd.idle();
    expect(await quizzes()).toBe(before);
  });

  it("refuses a student who submits the form anyway, and saves nothing", async () => {
    const before = await quizzes();
    const posted = t.api.callsTo("chat.postEphemeral").length;
    const ack = await t.send(interactive(submission(STUDENT, "Mine", ["A? | *B | C"])));
    expect(ack.status).toBe(200);
    await t.frontEnd.idle();
    await t.api.waitFor("chat.postEphemeral", () => true, { count: posted + 1 });
    const last = t.api.callsTo("chat.postEphemeral").at(-1)!;
    expect(last.args).toMatchObject({ channel: CHANNEL, user: STUDENT });
    expect(JSON.stringify(last.args)).toMatch(/Only course staff can do that/);
    expect(await quizzes()).toBe(before);
  });

  it("saves a good form as a quiz ready to play, and quiz start hosts it", async () => {
    const posted = t.api.callsTo("chat.postEphemeral").length;
    const ack = await t.send(
      interactive(
        submission(TEACHER, "Cell check", [
          "Which organelle makes ATP? | *Mitochondria | Nucleus | Golgi",
          "",
          "Where is DNA kept? | Ribosome | *Nucleus",
        ]),
      ),
    );
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    await t.frontEnd.idle();
    await t.api.waitFor("chat.postEphemeral", () => true, { count: posted + 1 });
    expect(JSON.stringify(t.api.callsTo("chat.postEphemeral").at(-1)!.args)).toContain(
      "Quiz “Cell check” saved with 2 questions, ready to play",
    );
    const quiz = await t.deps.db.quiz.findFirstOrThrow({
      where: { courseId, title: "Cell check" },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    expect(quiz.status).toBe("APPROVED");
    expect(quiz.questions.map((q) => [q.prompt, q.choices, q.correctChoices])).toEqual([
      ["Which organelle makes ATP?", ["Mitochondria", "Nucleus", "Golgi"], [0]],
      ["Where is DNA kept?", ["Ribosome", "Nucleus"], [1]],
    ]);

    const started = await commandAndRead(t, TEACHER, "C0ANY", "quiz start cell check");
    expect(started.text).toMatch(/lobby is open/);
    await waitForBoard(t, "C0ANY", (text) => text.includes("Cell check"));
  });
});
