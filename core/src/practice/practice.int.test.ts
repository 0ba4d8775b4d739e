import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { isAppError } from "../errors/app-error.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import type { Reply, ReplyAction, ReplyBlock } from "../reply/reply.ts";
import { answerPractice } from "./answer-practice.ts";
import { findPracticeQuiz, listPracticeQuizzes } from "./list-practice-quizzes.ts";
import { nextPracticeQuestion } from "./next-practice-question.ts";
import { practiceHistory, practiceHistoryData } from "./practice-history.ts";
import { practiceQuestionForm } from "./practice-question-form.ts";
import { retryMissed, startPractice } from "./start-practice.ts";

const teacher = studentActor("T900");
const ana = studentActor("U2001");
const ben = studentActor("U2002");
const outsider = studentActor("U2999");
const T0 = new Date("2026-12-01T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let database: Database;
let db: Prisma;
let courseId: string;
let quizId: string;
let draftId: string;
let otherCourseQuizId: string;
let questionIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  const course = await seedCourse(db, "Biology", [ana, ben]);
  courseId = course.id;
  await resolveUser(db, teacher);
  const other = await seedCourse(db, "Chemistry", [outsider]);
  ({ quizId } = await saveQuiz(db, {
    courseId,
    title: "Cells",
    topic: "Cell biology",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        explanation: "Mitochondria run cellular respiration.",
      },
      {
        kind: "TRUE_FALSE",
        prompt: "Plant cells have walls.",
        answer: true,
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which are organelles?",
        choices: ["Ribosome", "Golgi", "Cat"],
        correctChoices: [0, 1],
      },
      { kind: "SHORT_TEXT", prompt: "The powerhouse of the cell?", acceptedAnswers: ["mitochondrion"] },
      { kind: "NUMERIC", prompt: "ATP per glucose (approx.)?", numericAnswer: 30, tolerance: 2 },
    ],
  }));
  questionIds = (await db.question.findMany({ where: { quizId }, orderBy: { position: "asc" } })).map(
    (q) => q.id,
  );
  // A question's source is set from a passage when generated; written directly here to check the citation.
  await db.question.update({
    where: { id: questionIds[0] },
    data: { sourceTitle: "Cell biology reader", sourceAnchor: "p. 4" },
  });
  ({ quizId: draftId } = await saveQuiz(db, {
    courseId,
    title: "Draft quiz",
    origin: "AUTHORED",
    questions: [{ kind: "TRUE_FALSE", prompt: "Draft?", answer: true }],
  }));
  ({ quizId: otherCourseQuizId } = await saveQuiz(db, {
    courseId: other.id,
    title: "Acids",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "TRUE_FALSE", prompt: "pH 3 is acidic.", answer: true }],
  }));
}, 120_000);

afterAll(async () => {
  await database?.close();
});

function buttons(reply: Reply): ReplyAction[] {
  return reply.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons.map((x) => x.action) : []));
}
function runIdOf(reply: Reply): string {
  for (const a of buttons(reply)) if ("runId" in a) return a.runId;
  throw new Error(`no run in reply: ${JSON.stringify(reply)}`);
}
function allText(reply: Reply): string {
  return reply.blocks
    .map((b: ReplyBlock) =>
      b.type === "text" || b.type === "notice"
        ? b.text
        : b.type === "fields"
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join("\n")
          : "",
    )
    .join("\n");
}
async function expectError(promise: Promise<unknown>, code: string, text?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error), String(error)).toBe(true);
  if (!isAppError(error)) return;
  expect(error.code).toBe(code);
  if (text) expect(error.userMessage).toMatch(text);
}

/** Plays a whole run with the given responses (by position) and returns the last reply. */
async function play(
  actor = ana,
  responses: Array<Record<string, unknown>>,
  start = 0,
): Promise<{ runId: string; last: Reply }> {
  const first = await startPractice(db, { actor, quizId, now: at(start) });
  const runId = runIdOf(first);
  let last: Reply = first;
  for (const [position, response] of responses.entries()) {
    if (position > 0) await nextPracticeQuestion(db, { actor, runId, now: at(start + position) });
    last = await answerPractice(db, { actor, runId, position, response, now: at(start + position) });
  }
  return { runId, last };
}

const ALL_RIGHT = [
  { choices: [1] },
  { choices: [0] },
  { choices: [0, 1] },
  { text: "Mitochondrion" },
  { number: 31 },
];

describe("a practice run", () => {
  it("plays every question kind with instant feedback and finishes with a summary", async () => {
    const first = await startPractice(db, { actor: ana, quizId, now: at(0) });
    expect(allText(first)).toContain("Which organelle makes ATP?");
    expect(buttons(first)).toEqual([
      { kind: "practice.answer", runId: runIdOf(first), position: 0, choice: 0 },
      { kind: "practice.answer", runId: runIdOf(first), position: 0, choice: 1 },
    ]);
    const runId = runIdOf(first);

    const right = await answerPractice(db, {
      actor: ana,
      runId,
      position: 0,
      response: { choices: [1] },
      now: at(1),
    });
    expect(allText(right)).toContain("Right");
    expect(allText(right)).toContain("Correct answer: B. Mitochondria");
    expect(allText(right)).toContain("Mitochondria run cellular respiration.");
    expect(right.blocks).toContainEqual({
      type: "citations",
      citations: [{ n: 1, materialId: "", chunkId: "", title: "Cell biology reader", anchor: "p. 4" }],
    });
    expect(buttons(right)).toEqual([
      { kind: "practice.next", runId },
      { kind: "card.saveQuestion", questionId: questionIds[0] },
    ]);

    const tf = await nextPracticeQuestion(db, { actor: ana, runId, now: at(2) });
    expect(buttons(tf).map((a) => a.kind)).toEqual(["practice.answer", "practice.answer"]);
    const wrong = await answerPractice(db, {
      actor: ana,
      runId,
      position: 1,
      response: { choices: [1] },
      now: at(3),
    });
    expect(allText(wrong)).toContain("Not quite");
    expect(allText(wrong)).toContain("Correct answer: True");

    const ms = await nextPracticeQuestion(db, { actor: ana, runId, now: at(4) });
    expect(buttons(ms)).toEqual([{ kind: "practice.respond", runId, position: 2 }]);
    expect(await practiceQuestionForm(db, { actor: ana, runId, position: 2 })).toEqual({
      title: "Cells · question 3 of 5",
      prompt: "Which are organelles?",
      kind: "MULTIPLE_SELECT",
      choices: ["A. Ribosome", "B. Golgi", "C. Cat"],
    });
    const partly = await answerPractice(db, {
      actor: ana,
      runId,
      position: 2,
      response: { choices: [0] },
      now: at(5),
    });
    expect(allText(partly)).toContain("Partly right (50% credit)");

    await nextPracticeQuestion(db, { actor: ana, runId, now: at(6) });
    expect((await practiceQuestionForm(db, { actor: ana, runId, position: 3 })).kind).toBe("SHORT_TEXT");
    const text = await answerPractice(db, {
      actor: ana,
      runId,
      position: 3,
      response: { text: "the mitochondrion" },
      now: at(7),
    });
    expect(allText(text)).toContain("Right");

    await nextPracticeQuestion(db, { actor: ana, runId, now: at(8) });
    const last = await answerPractice(db, {
      actor: ana,
      runId,
      position: 4,
      response: { number: 29 },
      now: at(9),
    });
    expect(allText(last)).toContain("Right");
    expect(allText(last)).toContain("2 missed");
    expect(allText(last)).toContain("Score: 70% (3 of 5 right)");
    expect(buttons(last)).toEqual([
      { kind: "card.saveQuestion", questionId: questionIds[4] },
      { kind: "practice.retry", runId },
      { kind: "practice.start", quizId },
    ]);
    const run = await db.practiceRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ correctCount: 3, credit: 3.5, position: 5, finishedAt: at(9), mode: "FULL" });

    // [Next] after the end shows the summary again and changes nothing.
    expect(allText(await nextPracticeQuestion(db, { actor: ana, runId, now: at(20) }))).toContain("2 missed");
    expect((await db.practiceRun.findUniqueOrThrow({ where: { id: runId } })).finishedAt).toEqual(at(9));
  });

  it("turns the missed questions into cards due the next day, and never touches the gradebook", async () => {
    const { userId } = await resolveUser(db, ana);
    const cards = await db.card.findMany({ where: { courseId, deck: { ownerId: userId, origin: "SAVED" } } });
    expect(cards.map((c) => c.sourceQuestionId).sort()).toEqual([questionIds[1], questionIds[2]].sort());
    const states = await db.cardState.findMany({ where: { userId, cardId: { in: cards.map((c) => c.id) } } });
    for (const s of states) expect(s.due).toEqual(new Date(at(9).getTime() + 86_400_000));
    expect(await db.quizResult.count()).toBe(0);
    expect(await db.answer.count()).toBe(0);
    expect(await db.quizSession.count()).toBe(0);
    expect(await db.ltiScore.count()).toBe(0);
    expect(await db.scheduledJob.count()).toBe(0);
  });

  it("counts a double answer once and shows the first answer's feedback", async () => {
    const runId = runIdOf(await startPractice(db, { actor: ben, quizId, now: at(0) }));
    const first = await answerPractice(db, {
      actor: ben,
      runId,
      position: 0,
      response: { choices: [0] },
      now: at(1),
    });
    const second = await answerPractice(db, {
      actor: ben,
      runId,
      position: 0,
      response: { choices: [1] },
      now: at(2),
    });
    expect(second).toEqual(first);
    expect(allText(second)).toContain("Not quite");
    const [a, b] = await Promise.all([
      nextPracticeQuestion(db, { actor: ben, runId, now: at(3) }),
      nextPracticeQuestion(db, { actor: ben, runId, now: at(3) }),
    ]);
    expect(a.blocks.length + b.blocks.length).toBeGreaterThan(0);
    const [x, y] = await Promise.all([
      answerPractice(db, { actor: ben, runId, position: 1, response: { choices: [0] }, now: at(4) }),
      answerPractice(db, { actor: ben, runId, position: 1, response: { choices: [0] }, now: at(4) }),
    ]);
    expect(x).toEqual(y);
    const run = await db.practiceRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ position: 1, correctCount: 1, credit: 1 });
    expect(await db.practiceAnswer.count({ where: { runId } })).toBe(2);
  });

  it("refuses a stale or early button, a form for a button question, and someone else's run", async () => {
    const runId = runIdOf(await startPractice(db, { actor: ben, quizId, now: at(0) }));
    await expectError(
      answerPractice(db, { actor: ben, runId, position: 1, response: { choices: [0] }, now: at(1) }),
      "conflict",
      /no longer the current one/,
    );
    const again = await nextPracticeQuestion(db, { actor: ben, runId, now: at(1) });
    expect(allText(again)).toContain("Answer this question first.");
    expect((await db.practiceRun.findUniqueOrThrow({ where: { id: runId } })).position).toBe(0);
    await expectError(practiceQuestionForm(db, { actor: ben, runId, position: 0 }), "invalid_input");
    await expectError(
      answerPractice(db, { actor: ana, runId, position: 0, response: { choices: [1] }, now: at(1) }),
      "not_found",
    );
    await expectError(
      answerPractice(db, { actor: ben, runId, position: 0, response: { text: "?" }, now: at(1) }),
      "invalid_input",
    );
    expect(await db.practiceAnswer.count({ where: { runId } })).toBe(0);
  });

  it("with a clock, counts an answer after the time as wrong", async () => {
    const first = await startPractice(db, { actor: ben, quizId, timeLimitSec: 10, now: at(0) });
    expect(first.blocks).toContainEqual({
      type: "countdown",
      label: "Time left",
      endsAt: at(10).toISOString(),
      totalSeconds: 10,
    });
    const runId = runIdOf(first);
    const inTime = await answerPractice(db, {
      actor: ben,
      runId,
      position: 0,
      response: { choices: [1] },
      now: at(10),
    });
    expect(allText(inTime)).toContain("Right");
    await nextPracticeQuestion(db, { actor: ben, runId, now: at(100) });
    const late = await answerPractice(db, {
      actor: ben,
      runId,
      position: 1,
      response: { choices: [0] },
      now: at(111),
    });
    expect(allText(late)).toContain("Time was up");
    expect(await db.practiceAnswer.findFirst({ where: { runId, questionId: questionIds[1] } })).toMatchObject(
      {
        correct: false,
        credit: 0,
        late: true,
      },
    );
    await expectError(
      startPractice(db, { actor: ben, quizId, timeLimitSec: 4, now: at(0) }),
      "invalid_input",
      /5 to 600/,
    );
  });

  it("retries only the missed questions, and a retry leaves best and last alone", async () => {
    const carl = studentActor("U2003");
    const { userId } = await resolveUser(db, carl);
    await ensureEnrollment(db, { courseId, userId, role: "STUDENT", source: "MANUAL" });
    const wrongTwo = [
      { choices: [0] },
      { choices: [0] },
      { choices: [0, 1] },
      { text: "nucleus" },
      { number: 30 },
    ];
    const { runId, last } = await play(carl, wrongTwo);
    expect(allText(last)).toContain("Best: 60%");
    await expectError(
      retryMissed(db, {
        actor: carl,
        runId: runIdOf(await startPractice(db, { actor: carl, quizId, now: at(50) })),
        now: at(51),
      }),
      "conflict",
      /Finish this practice run first/,
    );

    const retry = await retryMissed(db, { actor: carl, runId, now: at(60) });
    const retryId = runIdOf(retry);
    expect(allText(retry)).toContain("question 1 of 2");
    expect(allText(retry)).toContain("Which organelle makes ATP?");
    // A second click on [Retry missed] shows the same retry run.
    expect(runIdOf(await retryMissed(db, { actor: carl, runId, now: at(61) }))).toBe(retryId);
    const row = await db.practiceRun.findUniqueOrThrow({ where: { id: retryId } });
    expect(row).toMatchObject({
      mode: "RETRY_MISSED",
      retryOfId: runId,
      questionIds: [questionIds[0], questionIds[3]],
    });

    await answerPractice(db, {
      actor: carl,
      runId: retryId,
      position: 0,
      response: { choices: [1] },
      now: at(62),
    });
    await nextPracticeQuestion(db, { actor: carl, runId: retryId, now: at(63) });
    const done = await answerPractice(db, {
      actor: carl,
      runId: retryId,
      position: 1,
      response: { text: "mitochondrion" },
      now: at(64),
    });
    expect(allText(done)).toContain("Score: 100% (2 of 2 right)");
    expect(allText(done)).toContain("0 missed");
    expect(buttons(done).map((a) => a.kind)).not.toContain("practice.retry");
    await expectError(
      retryMissed(db, { actor: carl, runId: retryId, now: at(65) }),
      "conflict",
      /missed nothing/,
    );

    const summary = await findPracticeQuiz(db, { actor: carl, courseId, quiz: "cells" });
    expect(summary).toMatchObject({ quizId, runs: 1, best: 0.6, last: 0.6 });
  });

  it("keeps best and last over whole-quiz runs", async () => {
    const dana = studentActor("U2004");
    const { userId } = await resolveUser(db, dana);
    await ensureEnrollment(db, { courseId, userId, role: "STUDENT", source: "MANUAL" });
    await play(dana, [{ choices: [0] }, { choices: [1] }, { choices: [2] }, { text: "x" }, { number: 1 }], 0);
    await play(dana, ALL_RIGHT, 100);
    await play(
      dana,
      [{ choices: [1] }, { choices: [1] }, { choices: [2] }, { text: "x" }, { number: 1 }],
      200,
    );
    const [listed] = await listPracticeQuizzes(db, { actor: dana, courseId });
    expect(listed).toMatchObject({
      quizId,
      title: "Cells",
      topic: "Cell biology",
      questions: 5,
      runs: 3,
      best: 1,
      last: 0.2,
    });

    const history = await practiceHistoryData(db, { actor: dana, courseId });
    expect(history.quizzes).toMatchObject([{ quizId, runs: 3, best: 1, last: 0.2, lastAt: at(204) }]);
    expect(history.topics).toEqual([{ topic: "Cell biology", quizzes: 1, runs: 3, best: 1, last: 0.2 }]);
    expect(history.recent.map((r) => r.score)).toEqual([0.2, 1, 0]);
    const reply = allText(await practiceHistory(db, { actor: dana, courseId }));
    expect(reply).toContain("Cells: 3 runs · best 100% · last 20%");
    expect(reply).toContain("never sent to the gradebook");
  });
});

describe("which quizzes can be practised", () => {
  it("lists approved quizzes of the person's course only, found by id, number or title", async () => {
    const list = await listPracticeQuizzes(db, { actor: ana, courseId });
    expect(list.map((q) => q.title)).toEqual(["Cells"]);
    expect((await findPracticeQuiz(db, { actor: ana, courseId, quiz: "1" })).quizId).toBe(quizId);
    expect((await findPracticeQuiz(db, { actor: ana, courseId, quiz: quizId })).quizId).toBe(quizId);
    await expectError(findPracticeQuiz(db, { actor: ana, courseId, quiz: "Draft quiz" }), "not_found");
    await expectError(findPracticeQuiz(db, { actor: ana, courseId, quiz: "2" }), "not_found");
    await expectError(listPracticeQuizzes(db, { actor: outsider, courseId }), "forbidden");
  });

  it("treats a draft, another course's quiz and a malformed id as not found", async () => {
    await expectError(
      startPractice(db, { actor: ana, quizId: draftId, now: at(0) }),
      "not_found",
      /not available/,
    );
    await expectError(startPractice(db, { actor: ana, quizId: otherCourseQuizId, now: at(0) }), "not_found");
    await expectError(startPractice(db, { actor: ana, quizId: "nope", now: at(0) }), "not_found");
    await expectError(nextPracticeQuestion(db, { actor: ana, runId: "nope", now: at(0) }), "not_found");
  });
});
