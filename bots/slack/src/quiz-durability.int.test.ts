import { afterEach, describe, expect, it } from "vitest";
import {
  boardViews,
  buttonId,
  clickAndRead,
  commandAndRead,
  ORGANELLES,
  seedQuizCourse,
  TEACHER,
  waitForBoard,
} from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Live quizzes survive what real deployments do to them: a restart in the middle of a question, two
// bot processes on one database, and several games in several channels at once.
const [P1, P2, P3] = ["U0P1", "U0P2", "U0P3"];
const open: TestSlackApp[] = [];
afterEach(async () => {
  // Peers first: the first app owns the database and the fake Slack.
  for (const app of open.splice(0).reverse()) await app.close();
});

async function lobby(t: TestSlackApp, channel: string, text: string) {
  expect((await commandAndRead(t, TEACHER, channel, text)).text).toMatch(/lobby is open/);
  const view = await waitForBoard(t, channel, (x) => x.includes("Live quiz"));
  return { join: buttonId(view.blocks, "Join"), start: buttonId(view.blocks, "Start") };
}

describe("a live quiz across restarts and processes", () => {
  it("keeps the question's timer through a restart: the new process closes it on time and edits the same message", async () => {
    const first = await startTestSlackApp();
    open.push(first);
    await seedQuizCourse(first);
    const channel = "C0RESTART";
    const { join, start } = await lobby(first, channel, "quiz start seconds=5 reveal=60");
    await clickAndRead(first, P1, channel, join);
    await clickAndRead(first, TEACHER, channel, start);
    const q1 = await waitForBoard(first, channel, (x) => x.includes("What makes ATP?"));
    await clickAndRead(first, P1, channel, buttonId(q1.blocks, "B. Mitochondria"));

    const second = await first.restart();
    open.splice(0, 1, second);
    // A click on the old message reaches the new process, which has never seen this game.
    expect((await clickAndRead(second, P2, channel, buttonId(q1.blocks, "B. Mitochondria"))).text).toMatch(
      /Locked in: B\. Mitochondria/,
    );
    const reveal = await waitForBoard(second, channel, (x) => x.includes("time is up"), { timeoutMs: 9_000 });
    expect(reveal.text).toMatch(/B\. Mitochondria — 2/);
    expect(reveal.call.method).toBe("chat.update");
    expect(new Set(boardViews(second, channel).map((v) => v.ts))).toEqual(new Set([q1.ts]));
    const session = await second.deps.db.quizSession.findFirstOrThrow({ where: { spaceId: channel } });
    expect(session.state).toBe("REVEAL");
    // Closed by the timer, not early: five seconds after the question opened (database time).
    expect(session.questionEndsAt!.getTime() - session.questionStartedAt!.getTime()).toBe(5000);
    expect(await second.deps.db.answer.count({ where: { sessionId: session.id } })).toBe(2);
  });

  it("records a click delivered to two bot processes once, and keeps one game message", async () => {
    const a = await startTestSlackApp();
    open.push(a);
    await seedQuizCourse(a);
    const b = await startTestSlackApp({ api: a.api, database: a.database });
    open.push(b);
    const channel = "C0TWO";
    const { join, start } = await lobby(a, channel, "quiz start reveal=60");
    await clickAndRead(b, P1, channel, join);
    await clickAndRead(a, TEACHER, channel, start);
    const q1 = await waitForBoard(a, channel, (x) => x.includes("What makes ATP?"));
    const right = buttonId(q1.blocks, "B. Mitochondria");
    const replies = await Promise.all([
      clickAndRead(a, P2, channel, right),
      clickAndRead(b, P2, channel, right),
      clickAndRead(a, P3, channel, buttonId(q1.blocks, "A. Nucleus")),
      clickAndRead(b, P3, channel, buttonId(q1.blocks, "C. Ribosome")),
    ]);
    expect(replies.filter((r) => r.text.includes("🔒 Locked in")).length).toBe(2);
    const session = await a.deps.db.quizSession.findFirstOrThrow({ where: { spaceId: channel } });
    expect(await a.deps.db.answer.count({ where: { sessionId: session.id } })).toBe(2);
    // Both processes refresh the counts, but the edits stay one message, at most one a second.
    await waitForBoard(a, channel, (x) => x.includes("2 of 3 answered"));
    const posts = a.api.callsTo("chat.postMessage", (c) => c.args.channel === channel);
    expect(posts).toHaveLength(1);
    expect(
      a.api.peakRate(
        "chat.update",
        (c) => String(c.args.ts),
        1000,
        (c) => c.args.channel === channel,
      ).peak,
    ).toBe(1);
  });

  it("runs games in two channels at once, each with its own message, players and answers", async () => {
    const t = await startTestSlackApp();
    open.push(t);
    await seedQuizCourse(t, [
      { title: "Organelles", questions: ORGANELLES },
      {
        title: "Genetics",
        questions: [
          {
            kind: "SINGLE_CHOICE",
            prompt: "Which organelle holds DNA?",
            choices: ["Nucleus", "Mitochondria", "Ribosome"],
            correctChoices: [0],
            timeLimitSec: 30,
          },
        ],
      },
    ]);
    const games = await Promise.all(
      [
        ["C0LEFT", "quiz start organelles reveal=60", "What makes ATP?"],
        ["C0RIGHT", "quiz start genetics reveal=60", "Which organelle holds DNA?"],
      ].map(async ([channel, command, prompt]) => {
        const { join, start } = await lobby(t, channel!, command!);
        await Promise.all([P1, P2].map((p) => clickAndRead(t, p, channel!, join)));
        await clickAndRead(t, TEACHER, channel!, start);
        const q1 = await waitForBoard(t, channel!, (x) => x.includes(prompt!));
        return { channel: channel!, q1 };
      }),
    );
    await Promise.all(
      games.flatMap(({ channel, q1 }) => [
        clickAndRead(t, P1, channel, buttonId(q1.blocks, "A. Nucleus")),
        clickAndRead(t, P2, channel, buttonId(q1.blocks, "B. Mitochondria")),
      ]),
    );
    for (const { channel, q1 } of games) await clickAndRead(t, TEACHER, channel, buttonId(q1.blocks, "Skip"));
    const [left, right] = await Promise.all(
      games.map(({ channel }) => waitForBoard(t, channel, (x) => x.includes("time is up"))),
    );
    expect(left!.text).toMatch(/✅ B\. Mitochondria[\s\S]*1\. Player U0P2/);
    expect(right!.text).toMatch(/✅ A\. Nucleus[\s\S]*1\. Player U0P1/);
    expect(left!.ts).not.toBe(right!.ts);
    const sessions = await t.deps.db.quizSession.findMany({
      include: { _count: { select: { answers: true, players: true } } },
    });
    expect(sessions.map((s) => [s.spaceId, s._count.players, s._count.answers]).sort()).toEqual([
      ["C0LEFT", 2, 2],
      ["C0RIGHT", 2, 2],
    ]);
  });
});
