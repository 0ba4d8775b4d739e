import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRecordingQuizBoard,
  type RecordingQuizBoard,
  replyText,
} from "../../../../test/support/recording-quiz-board.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { createJobRunner, type JobRunner } from "../../jobs/job-runner.ts";
import { silentLogger } from "../../logger.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { exportQuizResultsCsv } from "../results/export-results-csv.ts";
import { quizReport } from "../results/quiz-report.ts";
import { saveQuiz } from "../save-quiz.ts";
import { createQuizEngine, type QuizEngine } from "./quiz-engine.ts";

const TEAM = "T0QUIZ";
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UHOST", displayName: "Prof. Host" };
const player = (n: number): Actor => ({
  platform: "SLACK",
  tenant: TEAM,
  externalId: `UP${n}`,
  displayName: `Player ${n}`,
});

interface World {
  database: Database;
  courseId: string;
  quizId: string;
  engine: QuizEngine;
  board: RecordingQuizBoard;
  runner: JobRunner;
}

const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.runner.stop();
    await w.engine.close();
    await w.database.close();
  }
});

async function world(channels = ["C1"]): Promise<World> {
  const database = await createTestDatabase();
  const db = database.prisma;
  const course = await createCourse(db, { name: "Cell biology" });
  for (const channel of channels)
    await db.courseSpace.create({
      data: {
        courseId: course.id,
        platform: "SLACK",
        kind: "SLACK_CHANNEL",
        tenant: TEAM,
        externalId: channel,
      },
    });
  const { userId } = await resolveUser(db, host);
  await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  const { quizId } = await saveQuiz(db, {
    courseId: course.id,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Nucleus", "Mitochondria", "Ribosome"],
        correctChoices: [1],
        timeLimitSec: 10,
        explanation: "Cellular respiration.",
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which have membranes?",
        choices: ["Nucleus", "Ribosome", "Mitochondria", "Centriole"],
        correctChoices: [0, 2],
        timeLimitSec: 10,
      },
      {
        kind: "NUMERIC",
        prompt: "How many chromosomes in a human cell?",
        numericAnswer: 46,
        tolerance: 0,
        timeLimitSec: 10,
      },
    ],
  });
  const board = createRecordingQuizBoard();
  const engine = createQuizEngine({ db, logger: silentLogger() });
  engine.registerBoard("SLACK", board);
  const runner = createJobRunner({ db, logger: silentLogger(), handlers: engine.jobHandlers(), pollMs: 50 });
  runner.start();
  const w = { database, courseId: course.id, quizId, engine, board, runner };
  open.push(w);
  return w;
}

const space = (channelId = "C1") => ({ platform: "SLACK" as const, tenant: TEAM, channelId });

async function session(w: World, sessionId: string) {
  return w.database.prisma.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
}

describe("live quiz engine", () => {
  it("plays a whole game: lobby, questions, reveals with distribution and citation, podium, private results", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: space(),
      options: { revealSeconds: 60 },
    });
    await w.board.waitFor(sessionId, (t) => t.includes("Live quiz: Organelles") && t.includes("[Join]"));
    for (const n of [1, 2, 3]) await w.engine.join({ sessionId, actor: player(n) });
    await w.board.waitFor(sessionId, (t) => t.includes("Players: 3"));
    await w.engine.control({ sessionId, actor: host, command: "start" });
    await w.board.waitFor(sessionId, (t) => t.includes("Question 1 of 3") && t.includes("What makes ATP?"));

    // Player 1 answers at once, player 2 a second later (both right), player 3 wrong.
    expect(
      (await w.engine.answer({ sessionId, questionIndex: 0, actor: player(1), response: { choices: [1] } }))
        .blocks[0],
    ).toMatchObject({ text: expect.stringContaining("Locked in: B. Mitochondria") });
    await sleep(1000);
    await w.engine.answer({ sessionId, questionIndex: 0, actor: player(2), response: { choices: [1] } });
    await w.engine.answer({ sessionId, questionIndex: 0, actor: player(3), response: { choices: [0] } });
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    const reveal = await w.board.waitFor(sessionId, (t) => t.includes("time is up"));
    expect(reveal).toContain("✅ B. Mitochondria");
    expect(reveal).toMatch(/B\. Mitochondria — 2 \(67%\)/);
    expect(reveal).toMatch(/A\. Nucleus — 1 \(33%\)/);
    expect(reveal).toContain("Cellular respiration.");
    expect(reveal).toMatch(/1\. Player 1 — \d+\n2\. Player 2 — \d+\n3\. Player 3 — 0/);

    const first = await w.database.prisma.answer.findMany({
      where: { sessionId },
      orderBy: { points: "desc" },
    });
    expect(first[0]?.points).toBeGreaterThan(first[1]?.points ?? Infinity);
    // Speed scoring on each answer's recorded time (10 s question, 1,000 points), however long the
    // machine took: 1,000 × (1 − ½ × time / limit).
    for (const right of first.slice(0, 2))
      expect(right.points).toBe(Math.round(1000 * (1 - 0.5 * Math.min(1, right.latencyMs / 10_000))));
    expect(first[2]?.points).toBe(0);

    await w.engine.control({ sessionId, actor: host, command: "skip" });
    await w.board.waitFor(sessionId, (t) => t.includes("Question 2 of 3"));
    await w.engine.answer({ sessionId, questionIndex: 1, actor: player(1), response: { choices: [0, 2] } });
    await w.engine.answer({ sessionId, questionIndex: 1, actor: player(2), response: { choices: [0] } });
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    await w.board.waitFor(sessionId, (t) => t.includes("Question 2 of 3") && t.includes("time is up"));
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    await w.board.waitFor(sessionId, (t) => t.includes("Question 3 of 3"));
    await w.engine.answer({ sessionId, questionIndex: 2, actor: player(3), response: { number: 46 } });
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    await w.board.waitFor(sessionId, (t) => t.includes("Question 3 of 3") && t.includes("Correct: 1 of 1"));
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    const podium = await w.board.waitFor(sessionId, (t) => t.includes("final results"));
    expect(podium).toMatch(/🥇 \*\*Player 1\*\*/);

    const results = await w.database.prisma.quizResult.findMany({
      where: { sessionId },
      orderBy: { rank: "asc" },
    });
    expect(
      results.map((r) => [r.displayName, r.correctCount, r.partialCount, r.incorrectCount, r.unanswered]),
    ).toEqual([
      ["Player 1", 2, 0, 0, 1],
      ["Player 2", 1, 1, 0, 1],
      ["Player 3", 1, 0, 1, 1],
    ]);
    // Each player's result is in their inbox too, kept as sent: the game already showed it.
    const inbox = await w.database.prisma.notification.findMany({
      where: { kind: "QUIZ_RESULT", sourceKey: sessionId },
      include: { user: { select: { identities: { select: { externalId: true } } } } },
    });
    expect(inbox).toHaveLength(3);
    const p1Inbox = inbox.find((n) => n.user.identities.some((i) => i.externalId === "UP1"));
    expect(p1Inbox?.title).toMatch(/pts, place 1 of 3$/);
    expect(p1Inbox?.body).toBe("2 of 3 right.");
    expect(inbox.every((n) => n.sentAt !== null)).toBe(true);
    // Player 1's second right answer in a row carries a streak bonus.
    const p1 = await w.database.prisma.answer.findMany({
      where: { sessionId, user: { identities: { some: { externalId: "UP1" } } } },
      orderBy: { answeredAt: "asc" },
    });
    expect(p1.map((a) => a.streak)).toEqual([1, 2]);
    expect(results[1]?.accuracy).toBeCloseTo(0.5, 5);

    // Each player's missed questions (wrong, partly right, or unanswered from their first answer on)
    // became cards in their saved deck when the game finished (core/src/practice/live-missed-cards.ts).
    const cards = await w.database.prisma.card.findMany({
      where: { courseId: w.courseId },
      select: {
        sourceQuestion: { select: { position: true } },
        deck: { select: { owner: { select: { identities: { select: { externalId: true } } } } } },
      },
    });
    expect(
      cards
        .map((c) => `${c.deck.owner?.identities[0]?.externalId}:Q${(c.sourceQuestion?.position ?? -1) + 1}`)
        .sort(),
    ).toEqual(["UP1:Q3", "UP2:Q2", "UP2:Q3", "UP3:Q1", "UP3:Q2"]);

    expect(w.board.privates.map((p) => p.externalId).sort()).toEqual(["UP1", "UP2", "UP3"]);
    expect(w.board.privates.find((p) => p.externalId === "UP2")?.text).toMatch(
      /Place: 2 of 3[\s\S]*◐ Q2: A\. Nucleus \(answer: A\. Nucleus, C\. Mitochondria\)/,
    );

    const csv = await exportQuizResultsCsv(w.database.prisma, { actor: host, courseId: w.courseId });
    const lines = csv.csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "person,team,rank,score,accuracy,correct,partial,incorrect,unanswered,avg_seconds,best_streak,platform,platform_user_id,lms_user_id,q1_points,q2_points,q3_points",
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^Player 3,,3,\d+,0\.333,1,0,1,1,[\d.]+,1,slack,UP3,,0,,\d+$/);
    const report = await quizReport(w.database.prisma, {
      actor: player(3),
      courseId: w.courseId,
      spaceId: "C1",
    });
    expect(JSON.stringify(report)).toContain("place 3");
    await expect(
      exportQuizResultsCsv(w.database.prisma, { actor: player(3), courseId: w.courseId }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("counts a click once: duplicates, retries, concurrent double clicks and late clicks", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({ actor: host, space: space() });
    await w.engine.control({ sessionId, actor: host, command: "start" });
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () =>
        w.engine.answer({ sessionId, questionIndex: 0, actor: player(1), response: { choices: [1] } }),
      ),
    );
    const texts = clicks.map((c) => (c.blocks[0] as { text: string }).text);
    expect(texts.filter((t) => t.startsWith("🔒 Locked in"))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith("🔒 Already locked in"))).toHaveLength(19);
    const changed = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player(1),
      response: { choices: [2] },
    });
    expect((changed.blocks[0] as { text: string }).text).toContain("cannot be changed");
    const wrongQuestion = await w.engine.answer({
      sessionId,
      questionIndex: 1,
      actor: player(2),
      response: { choices: [0] },
    });
    expect((wrongQuestion.blocks[0] as { text: string }).text).toContain("Too late");
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    const late = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player(2),
      response: { choices: [1] },
    });
    expect((late.blocks[0] as { text: string }).text).toContain("Too late");
    const answers = await w.database.prisma.answer.findMany({ where: { sessionId } });
    expect(answers).toHaveLength(1);
    expect(answers[0]?.choices).toEqual([1]);
  });

  it("allows one answer change when the quiz says so", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: space(),
      options: { allowAnswerChange: true },
    });
    await w.engine.control({ sessionId, actor: host, command: "start" });
    const say = async (choice: number) =>
      (
        (
          await w.engine.answer({
            sessionId,
            questionIndex: 0,
            actor: player(1),
            response: { choices: [choice] },
          })
        ).blocks[0] as { text: string }
      ).text;
    expect(await say(0)).toContain("You can change your answer once");
    expect(await say(1)).toContain("Changed to: B. Mitochondria");
    expect(await say(2)).toContain("cannot be changed");
    const [answer] = await w.database.prisma.answer.findMany({ where: { sessionId } });
    expect(answer).toMatchObject({ choices: [1], changes: 1, credit: 1 });
  });

  it("refuses bad input and non-hosts without changing anything", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({ actor: host, space: space() });
    await expect(w.engine.control({ sessionId, actor: player(1), command: "start" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(w.engine.start({ actor: host, space: space() })).rejects.toMatchObject({ code: "conflict" });
    await expect(w.engine.start({ actor: player(2), space: space("C-unbound") })).rejects.toMatchObject({
      code: "not_found",
    });
    await w.engine.control({ sessionId, actor: host, command: "start" });
    await expect(
      w.engine.answer({ sessionId, questionIndex: 0, actor: player(1), response: { choices: [7] } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      w.engine.answer({
        sessionId,
        questionIndex: 0,
        actor: { ...player(1), tenant: "T0OTHER" },
        response: { choices: [1] },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await w.database.prisma.answer.count({ where: { sessionId } })).toBe(0);
    expect((await session(w, sessionId)).state).toBe("QUESTION");
  });

  it("closes a question when its timer fires, and a restarted process finishes the game with every answer scored", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: space(),
      seconds: 5,
      options: { revealSeconds: 3 },
    });
    await w.engine.control({ sessionId, actor: host, command: "start" });
    await w.engine.answer({ sessionId, questionIndex: 0, actor: player(1), response: { choices: [1] } });
    // The process dies mid-question: its runner and engine go away, the database stays.
    await w.runner.stop();
    await w.engine.close();

    const board = createRecordingQuizBoard();
    const engine = createQuizEngine({ db: w.database.prisma, logger: silentLogger() });
    engine.registerBoard("SLACK", board);
    const runner = createJobRunner({
      db: w.database.prisma,
      logger: silentLogger(),
      handlers: engine.jobHandlers(),
      pollMs: 50,
    });
    Object.assign(w, { engine, board, runner });
    runner.start();
    const reveal = await board.waitFor(sessionId, (t) => t.includes("time is up"), 10_000);
    expect(reveal).toMatch(/1\. Player 1 — \d+/);
    await board.waitFor(sessionId, (t) => t.includes("Question 2 of 3"), 10_000);
    await engine.control({ sessionId, actor: host, command: "stop" });
    await board.waitFor(sessionId, (t) => t.includes("final results"));
    const results = await w.database.prisma.quizResult.findMany({ where: { sessionId } });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ correctCount: 1, unanswered: 1 });
    // A right answer given in time earns at least half the question's points.
    expect(results[0]?.score).toBeGreaterThanOrEqual(500);
  }, 30_000);

  it("pauses and resumes without losing time, and a stale timer does nothing", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({ actor: host, space: space(), seconds: 30 });
    await w.engine.control({ sessionId, actor: host, command: "start" });
    const asked = await session(w, sessionId);
    const limitMs = 30_000;
    await w.engine.control({ sessionId, actor: host, command: "pause" });
    const paused = await session(w, sessionId);
    expect(paused.state).toBe("PAUSED");
    expect(paused.pausedRemainingMs).toBeGreaterThan(0);
    expect(paused.pausedRemainingMs).toBeLessThanOrEqual(limitMs);
    const late = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player(1),
      response: { choices: [1] },
    });
    expect((late.blocks[0] as { text: string }).text).toContain("Too late");
    // The question's own timer fires while the game is paused (moved to now rather than waited for):
    // it was set for the step before the pause, so it runs and does nothing.
    const stale = await w.database.prisma.scheduledJob.findMany({
      where: { key: { startsWith: `quiz:${sessionId}:`, endsWith: ":close" }, doneAt: null },
    });
    expect(stale).toHaveLength(1);
    await w.database.prisma.scheduledJob.update({
      where: { id: stale[0]!.id },
      data: { runAt: new Date(0) },
    });
    await until(async () => {
      const job = await w.database.prisma.scheduledJob.findUniqueOrThrow({ where: { id: stale[0]!.id } });
      return job.doneAt !== null;
    });
    expect((await session(w, sessionId)).state).toBe("PAUSED");
    await w.engine.control({ sessionId, actor: host, command: "resume" });
    const resumed = await session(w, sessionId);
    expect(resumed.state).toBe("QUESTION");
    // The question's window moved by exactly the length of the pause: the time used before the pause
    // still counts, the pause itself does not, and the whole limit is kept.
    const shift = (later: Date | null, earlier: Date | null) => later!.getTime() - earlier!.getTime();
    expect(shift(resumed.questionEndsAt, resumed.questionStartedAt)).toBe(limitMs);
    expect(shift(resumed.questionStartedAt, asked.questionStartedAt)).toBe(
      shift(resumed.questionEndsAt, asked.questionEndsAt),
    );
    expect(shift(resumed.questionEndsAt, asked.questionEndsAt)).toBeGreaterThanOrEqual(0);
    const ok = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player(1),
      response: { choices: [1] },
    });
    expect((ok.blocks[0] as { text: string }).text).toContain("Locked in");
    // Answer time runs from the shifted start: what was used before the pause, plus time since resuming.
    const [answer] = await w.database.prisma.answer.findMany({ where: { sessionId } });
    expect(answer?.latencyMs).toBeGreaterThanOrEqual(limitMs - paused.pausedRemainingMs! - 1);
    expect(answer?.latencyMs).toBeLessThanOrEqual(limitMs);
  }, 30_000);

  it("plays in auto-balanced teams and hides rankings when asked", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: space(),
      options: { teams: "auto", showRankings: false },
    });
    for (const n of [1, 2, 3, 4]) await w.engine.join({ sessionId, actor: player(n) });
    const teams = await w.database.prisma.quizPlayer.groupBy({
      by: ["team"],
      where: { sessionId },
      _count: true,
    });
    expect(teams.map((t) => [t.team, t._count]).sort()).toEqual([
      ["Team Blue", 2],
      ["Team Red", 2],
    ]);
    await w.engine.control({ sessionId, actor: host, command: "start" });
    for (const n of [1, 2])
      await w.engine.answer({ sessionId, questionIndex: 0, actor: player(n), response: { choices: [1] } });
    await w.engine.control({ sessionId, actor: host, command: "skip" });
    const reveal = await w.board.waitFor(sessionId, (t) => t.includes("time is up"));
    expect(reveal).not.toContain("Player 1");
    expect(reveal).not.toContain("Leaderboard");
    await w.engine.control({ sessionId, actor: host, command: "stop" });
    const end = await w.board.waitFor(sessionId, (t) => t.includes("final results"));
    expect(end).toContain("Rankings are hidden");
    expect(end).not.toMatch(/Player \d/);
    expect(w.board.privates).toHaveLength(4);
    expect(w.board.privates.every((p) => !p.text.includes("Place"))).toBe(true);
    const results = await w.database.prisma.quizResult.findMany({ where: { sessionId } });
    expect(new Set(results.map((r) => r.team))).toEqual(new Set(["Team Red", "Team Blue"]));
    const inbox = await w.database.prisma.notification.findMany({
      where: { kind: "QUIZ_RESULT", sourceKey: sessionId },
    });
    expect(inbox).toHaveLength(4);
    expect(inbox.every((n) => !n.title.includes("place"))).toBe(true);
  });

  it("runs games in two channels at once without mixing them", async () => {
    const w = await world(["C1", "C2"]);
    const a = await w.engine.start({ actor: host, space: space("C1") });
    const b = await w.engine.start({ actor: host, space: space("C2"), options: { questionCount: 1 } });
    await w.engine.control({ sessionId: a.sessionId, actor: host, command: "start" });
    await w.engine.control({ sessionId: b.sessionId, actor: host, command: "start" });
    await Promise.all([
      w.engine.answer({
        sessionId: a.sessionId,
        questionIndex: 0,
        actor: player(1),
        response: { choices: [1] },
      }),
      w.engine.answer({
        sessionId: b.sessionId,
        questionIndex: 0,
        actor: player(1),
        response: { choices: [0] },
      }),
      w.engine.answer({
        sessionId: b.sessionId,
        questionIndex: 0,
        actor: player(2),
        response: { choices: [1] },
      }),
    ]);
    await w.engine.control({ sessionId: b.sessionId, actor: host, command: "skip" });
    await w.engine.control({ sessionId: b.sessionId, actor: host, command: "skip" });
    await w.board.waitFor(b.sessionId, (t) => t.includes("final results"));
    expect((await session(w, a.sessionId)).state).toBe("QUESTION");
    const resultsB = await w.database.prisma.quizResult.findMany({
      where: { sessionId: b.sessionId },
      orderBy: { rank: "asc" },
    });
    expect(resultsB.map((r) => [r.displayName, r.correctCount])).toEqual([
      ["Player 2", 1],
      ["Player 1", 0],
    ]);
    expect(await w.database.prisma.answer.count({ where: { sessionId: a.sessionId } })).toBe(1);
    // Each board message belongs to its own game.
    const boardsOf = (id: string) =>
      new Set(w.board.views.filter((v) => v.sessionId === id).map((v) => JSON.stringify(v.board)));
    expect(boardsOf(a.sessionId).size).toBe(1);
    expect([...boardsOf(a.sessionId)][0]).not.toBe([...boardsOf(b.sessionId)][0]);
  });

  it("cancels a lobby whose message could not be posted, so the channel is free again", async () => {
    const w = await world();
    const refused = new Error("not_in_channel");
    const show = w.board.show;
    w.board.show = async () => {
      throw refused;
    };
    await expect(w.engine.start({ actor: host, space: space() })).rejects.toBe(refused);
    const cancelled = await w.database.prisma.quizSession.findFirstOrThrow({ where: { spaceId: "C1" } });
    expect(cancelled.state).toBe("CANCELLED");
    w.board.show = show;
    const { sessionId } = await w.engine.start({ actor: host, space: space() });
    expect((await session(w, sessionId)).state).toBe("LOBBY");
    expect(w.board.latest(sessionId)).toContain("Organelles");
  });

  it("posts a game's message once when a second process shows the game while the first still posts", async () => {
    const w = await world();
    let letPostFinish = () => {};
    const posting = new Promise<void>((resolve) => {
      letPostFinish = resolve;
    });
    const show = w.board.show;
    let posts = 0;
    w.board.show = async (target, view) => {
      if (target.board === null) {
        posts++;
        await posting;
      }
      return show(target, view);
    };
    const started = w.engine.start({ actor: host, space: space() });
    // The second process (say, just restarted) finds the lobby while the first is still posting it.
    const other = createQuizEngine({ db: w.database.prisma, logger: silentLogger() });
    const otherBoard = createRecordingQuizBoard();
    const otherShow = otherBoard.show;
    otherBoard.show = async (target, view) => {
      if (target.board === null) posts++;
      return otherShow(target, view);
    };
    other.registerBoard("SLACK", otherBoard);
    await until(async () => posts > 0);
    expect(await other.resume()).toBe(1);
    letPostFinish();
    const { sessionId } = await started;
    await otherBoard.waitFor(sessionId, (t) => t.includes("Organelles"));
    await other.close();
    expect(posts).toBe(1);
    expect(otherBoard.views.every((v) => JSON.stringify(v.board) === JSON.stringify({ message: 1 }))).toBe(
      true,
    );
  });

  it("re-shows open games after a restart", async () => {
    const w = await world(["C1", "C2"]);
    const a = await w.engine.start({ actor: host, space: space("C1") });
    const b = await w.engine.start({ actor: host, space: space("C2") });
    await w.engine.control({ sessionId: a.sessionId, actor: host, command: "start" });
    await w.engine.control({ sessionId: b.sessionId, actor: host, command: "stop" });
    await w.runner.stop();
    await w.engine.close();

    const board = createRecordingQuizBoard();
    const engine = createQuizEngine({ db: w.database.prisma, logger: silentLogger() });
    engine.registerBoard("SLACK", board);
    Object.assign(w, { engine, board });
    expect(await engine.resume()).toBe(1);
    expect(board.latest(a.sessionId)).toContain("Question 1 of 3");
    expect(board.views.some((v) => v.sessionId === b.sessionId)).toBe(false);
    // The game message is edited in place, not posted again.
    const first = w.board.views.find((v) => v.sessionId === a.sessionId && v.board);
    expect(board.views.find((v) => v.sessionId === a.sessionId)?.board).toEqual(first?.board);
  });

  it("lets Discord players (global user ids) play in a guild's quiz, but not another platform's people", async () => {
    const database = await createTestDatabase();
    const db = database.prisma;
    const course = await createCourse(db, { name: "Guild course" });
    await db.courseSpace.create({
      data: {
        courseId: course.id,
        platform: "DISCORD",
        kind: "DISCORD_CHANNEL",
        tenant: "G1",
        externalId: "CH1",
      },
    });
    const guildHost: Actor = { platform: "DISCORD", tenant: "", externalId: "100", displayName: "Host" };
    const { userId } = await resolveUser(db, guildHost);
    await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
    await saveQuiz(db, {
      courseId: course.id,
      title: "Guild quiz",
      origin: "AUTHORED",
      approved: true,
      questions: [{ kind: "TRUE_FALSE", prompt: "Cells have membranes.", answer: true, timeLimitSec: 10 }],
    });
    const board = createRecordingQuizBoard();
    const engine = createQuizEngine({ db, logger: silentLogger() });
    engine.registerBoard("DISCORD", board);
    const runner = createJobRunner({
      db,
      logger: silentLogger(),
      handlers: engine.jobHandlers(),
      pollMs: 50,
    });
    open.push({ database, courseId: course.id, quizId: "", engine, board, runner });
    const { sessionId } = await engine.start({
      actor: guildHost,
      space: { platform: "DISCORD", tenant: "G1", channelId: "CH1" },
    });
    await engine.control({ sessionId, actor: guildHost, command: "start" });
    const discordPlayer: Actor = { platform: "DISCORD", tenant: "", externalId: "200", displayName: "Dee" };
    expect(
      replyText(
        await engine.answer({
          sessionId,
          questionIndex: 0,
          actor: discordPlayer,
          response: { choices: [0] },
        }),
      ),
    ).toMatch(/locked in/i);
    await expect(
      engine.answer({ sessionId, questionIndex: 0, actor: player(9), response: { choices: [0] } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await engine.control({ sessionId, actor: guildHost, command: "stop" });
    await board.waitFor(sessionId, (t) => t.includes("final results"));
    // Private results reach the Discord player by their global id.
    expect(board.privates.map((p) => p.externalId)).toContain("200");
  });
});

/** Polls `check` until it holds (no fixed sleeps). */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
}
