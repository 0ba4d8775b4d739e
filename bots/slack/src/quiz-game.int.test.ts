import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockActionPayload, interactive } from "../../../test/support/fake-slack-payloads.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { assertBlockKitLimits } from "./testing/assert-block-kit-limits.ts";
import {
  boardViews,
  buttonId,
  clickAndRead,
  commandAndRead,
  seedQuizCourse,
  submitAnswerForm,
  TEACHER,
  waitForBoard,
} from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Live quizzes through real Bolt over HTTP against the fake Slack Web API: the game message, clicks,
// forms, host controls, private results, reports and the CSV export. Each test plays in its own channel.
let t: TestSlackApp;
let courseId = "";
const [P1, P2, P3] = ["U0P1", "U0P2", "U0P3"];

beforeAll(async () => {
  t = await startTestSlackApp();
  ({ courseId } = await seedQuizCourse(t));
  // Teams come from user groups named "Team …" (by name or handle); others are ignored.
  t.api.addWorkspace({
    ...TEAM_A,
    userGroups: [
      { id: "S1", name: "Team Red", handle: "team-red", users: [P1, P2] },
      { id: "S2", name: "Blue squad", handle: "team-blue", users: [P3] },
      { id: "S3", name: "Teachers", handle: "teachers", users: [P1, TEACHER] },
    ],
  });
});
afterAll(() => t?.close());

/** Starts a quiz in `channel` and returns the lobby's Join and Start buttons. */
async function startQuiz(channel: string, options = "") {
  const started = await commandAndRead(t, TEACHER, channel, `quiz start organelles reveal=60 ${options}`);
  expect(started.text).toMatch(/lobby is open/);
  const lobby = await waitForBoard(t, channel, (text) => text.includes("Live quiz: Organelles"));
  return { lobby, join: buttonId(lobby.blocks, "Join"), start: buttonId(lobby.blocks, "Start") };
}

describe("a whole live quiz in Slack", () => {
  it("plays lobby, questions, forms, reveals, podium and private results, within Slack's edit rate", async () => {
    const channel = "C0GAME";
    const { lobby, join, start } = await startQuiz(channel);
    expect(lobby.call).toMatchObject({ method: "chat.postMessage", token: TEAM_A.botToken });
    assertBlockKitLimits(lobby.blocks);
    for (const p of [P1, P2, P3])
      expect((await clickAndRead(t, p, channel, join)).text).toMatch(/You're in!/);
    await waitForBoard(t, channel, (text) => /\*Players\*\n3/.test(text));

    expect((await clickAndRead(t, TEACHER, channel, start)).text).toMatch(/The quiz has started/);
    const q1 = await waitForBoard(t, channel, (text) => text.includes("What makes ATP?"));
    expect(q1.text).toMatch(
      /⏱ Time left: \*\d+ s\* [▓░]{10} · ends <!date\^\d+\^\{time_secs\}\|\d\d:\d\d:\d\d UTC>/,
    );
    assertBlockKitLimits(q1.blocks);
    const locked = await clickAndRead(t, P1, channel, buttonId(q1.blocks, "B. Mitochondria"));
    expect(locked.text).toMatch(/Locked in: B\. Mitochondria/);
    expect(locked.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    await clickAndRead(t, P2, channel, buttonId(q1.blocks, "B. Mitochondria"));
    await clickAndRead(t, P3, channel, buttonId(q1.blocks, "A. Nucleus"));
    await waitForBoard(t, channel, (text) => text.includes("3 of 3 answered"));

    await clickAndRead(t, TEACHER, channel, buttonId(q1.blocks, "Skip"));
    const reveal = await waitForBoard(t, channel, (text) => text.includes("time is up"));
    expect(reveal.text).toContain("✅ B. Mitochondria");
    expect(reveal.text).toMatch(/B\. Mitochondria — 2/);
    expect(reveal.text).toMatch(/A\. Nucleus — 1/);
    expect(reveal.text).toContain("Cellular respiration happens there.");
    expect(reveal.text).toMatch(
      /Leaderboard\*\n1\. Player U0P[12] — \d+\n[12]\. Player U0P[12] — \d+\n3\. Player U0P3 — 0/,
    );

    // Question 2 (multiple select) is answered through a modal with checkboxes.
    await clickAndRead(t, TEACHER, channel, buttonId(reveal.blocks, "Next question"));
    const q2 = await waitForBoard(t, channel, (text) => text.includes("Which have membranes?"));
    const opened = t.api.calls.length;
    const click = await t.click(P1, channel, buttonId(q2.blocks, "Answer"));
    expect(click.status).toBe(200);
    const [form] = await t.api.waitFor("views.open", (c) => t.api.calls.indexOf(c) >= opened);
    const view = form!.args.view as { private_metadata: string; blocks: Array<Record<string, unknown>> };
    expect(JSON.stringify(view.blocks)).toContain('"type":"checkboxes"');
    expect((await submitAnswerForm(t, P1, view.private_metadata, { choices: [0, 2] })).status).toBe(200);
    const confirmed = await t.api.waitFor(
      "chat.postEphemeral",
      (c) => c.args.user === P1 && c.args.channel === channel,
    );
    expect(blockKitText(confirmed[0]!.args.blocks as SlackBlock[])).toMatch(
      /Locked in: A\. Nucleus, C\. Mitochondria/,
    );

    // Question 3 (a number): a wrong entry is shown on the form, a number is recorded.
    await clickAndRead(t, TEACHER, channel, buttonId(q2.blocks, "Skip"));
    const reveal2 = await waitForBoard(
      t,
      channel,
      (text) => text.includes("Which have membranes?") && text.includes("time is up"),
    );
    await clickAndRead(t, TEACHER, channel, buttonId(reveal2.blocks, "Next question"));
    const q3 = await waitForBoard(t, channel, (text) => text.includes("How many chromosomes"));
    const before = t.api.calls.length;
    await t.click(P3, channel, buttonId(q3.blocks, "Answer"));
    const [numberForm] = await t.api.waitFor("views.open", (c) => t.api.calls.indexOf(c) >= before);
    const meta = (numberForm!.args.view as { private_metadata: string }).private_metadata;
    const wrong = await submitAnswerForm(t, P3, meta, { value: "forty-six" });
    expect(JSON.parse(wrong.text)).toEqual({
      response_action: "errors",
      errors: { answer: "Please answer with a number, like 42 or 3.5." },
    });
    expect((await submitAnswerForm(t, P3, meta, { value: "46" })).status).toBe(200);
    await t.api.waitFor(
      "chat.postEphemeral",
      (c) => c.args.user === P3 && /Locked in: 46/.test(JSON.stringify(c.args.blocks)),
    );

    await clickAndRead(t, TEACHER, channel, buttonId(q3.blocks, "Skip"));
    const reveal3 = await waitForBoard(t, channel, (text) => text.includes("*Correct*\n1 of 1"));
    await clickAndRead(t, TEACHER, channel, buttonId(reveal3.blocks, "Show results"));
    const podium = await waitForBoard(t, channel, (text) => text.includes("final results"));
    expect(podium.text).toMatch(/🥇 \*Player U0P1\*/);
    // Each player's result arrives once, as a DM they can find again (not an ephemeral a reload loses).
    const results = await t.api.waitFor(
      "chat.postMessage",
      (c) => /Your result/.test(JSON.stringify(c.args.blocks)),
      {
        count: 3,
      },
    );
    expect(results.map((c) => c.args.channel).sort()).toEqual([P1, P2, P3]);
    expect(blockKitText(results.find((c) => c.args.channel === P1)!.args.blocks as SlackBlock[])).toMatch(
      /\*Place\*\n1 of 3/,
    );
    expect(
      t.api.callsTo("chat.postEphemeral", (c) => /Your result/.test(JSON.stringify(c.args.blocks))),
    ).toHaveLength(0);

    expect((await clickAndRead(t, P2, channel, buttonId(podium.blocks, "My result"))).text).toMatch(
      /Your result: Organelles[\s\S]*\*Score\*\n\d+ pts/,
    );
    // …and later, in `/studyhall me`, whatever happened to the messages.
    expect((await commandAndRead(t, P1, channel, "me")).text).toMatch(
      /Recent quiz results\*\nOrganelles \([^)]+\): [\d,]+ pts, \d of \d right, place 1 of 3/,
    );

    // One game message, edited in place, never more than once a second.
    const views = boardViews(t, channel);
    expect(new Set(views.map((v) => v.ts)).size).toBe(1);
    expect(
      t.api.peakRate(
        "chat.update",
        (c) => String(c.args.ts),
        1000,
        (c) => c.args.channel === channel,
      ).peak,
    ).toBe(1);

    // The report for a student, and the CSV for staff only, delivered into the staff member's DM.
    expect((await commandAndRead(t, P3, channel, "quiz results")).text).toMatch(
      /Organelles[\s\S]*\*You\*\n\d+ pts · place [23] · 33%/,
    );
    expect((await commandAndRead(t, P3, channel, "quiz export")).text).toMatch(/Only course staff/);
    const exported = await commandAndRead(t, TEACHER, channel, "quiz export");
    expect(exported.text).toMatch(
      /I sent you \*organelles-\d{4}-\d\d-\d\d\.csv\* \(3 rows\) in a direct message/,
    );
    // `/studyhall me` above sent P1 their progress card; the CSV is the upload after it.
    const [card, upload] = t.api.uploads();
    expect(card).toMatchObject({ channelId: `D${P1}`, filename: "progress.png" });
    expect(upload).toMatchObject({ channelId: `D${TEACHER}`, filename: expect.stringMatching(/\.csv$/) });
    expect(upload!.body.toString("utf8")).toMatch(/person,team,rank,score[\s\S]*Player U0P1,,1,/);
    expect(t.api.callsTo("conversations.open").at(-1)?.args.users).toBe(TEACHER);
    expect(
      await t.deps.db.quizSession.count({ where: { courseId, spaceId: channel, state: "FINISHED" } }),
    ).toBe(1);
  });
});

/** Starts a quiz in `channel` with `players` joined and question 1 open; returns its buttons. */
async function openFirstQuestion(channel: string, players: string[], options = "") {
  const { join, start } = await startQuiz(channel, options);
  const joined = [];
  for (const p of players) joined.push((await clickAndRead(t, p, channel, join)).text);
  await clickAndRead(t, TEACHER, channel, start);
  const q1 = await waitForBoard(t, channel, (text) => text.includes("What makes ATP?"));
  const sessionId = (await t.deps.db.quizSession.findFirstOrThrow({ where: { spaceId: channel } })).id;
  const answer = (label: string) => buttonId(q1.blocks, label);
  return { q1, joined, sessionId, answer, control: (label: string) => buttonId(q1.blocks, label) };
}

const answersOf = (sessionId: string) =>
  t.deps.db.answer.findMany({ where: { sessionId }, include: { user: { include: { identities: true } } } });

describe("clicks on a live question", () => {
  it("counts a click once: double clicks, a redelivered payload, then a changed mind and a late click", async () => {
    const channel = "C0DUP";
    const { sessionId, answer, control } = await openFirstQuestion(channel, [P1]);
    const b = answer("B. Mitochondria");
    const responseUrl = t.api.responseUrl();
    const redelivered = interactive(
      blockActionPayload({ teamId: TEAM_A.teamId, userId: P1, channelId: channel, actionId: b, responseUrl }),
    );
    const [a1, a2, a3, r1, r2] = await Promise.all([
      clickAndRead(t, P1, channel, b),
      clickAndRead(t, P1, channel, b),
      clickAndRead(t, P1, channel, b),
      t.send(redelivered),
      t.send(redelivered),
    ]);
    for (const click of [a1!, a2!, a3!, r1!, r2!]) expect(click.ms).toBeLessThan(3000);
    await t.frontEnd.idle();
    const path = new URL(responseUrl).pathname;
    const redeliveries = t.api.responses.filter((r) => r.path === path).map((r) => JSON.stringify(r.body));
    const texts = [a1!.text, a2!.text, a3!.text, ...redeliveries];
    expect(texts).toHaveLength(5);
    expect(texts.filter((x) => x.includes("🔒 Locked in: B. Mitochondria"))).toHaveLength(1);
    expect(texts.filter((x) => x.includes("🔒 Already locked in: B. Mitochondria"))).toHaveLength(4);
    expect(await answersOf(sessionId)).toHaveLength(1);

    expect((await clickAndRead(t, P1, channel, answer("A. Nucleus"))).text).toMatch(
      /cannot be changed in this quiz/,
    );
    await clickAndRead(t, TEACHER, channel, control("Skip"));
    await waitForBoard(t, channel, (text) => text.includes("time is up"));
    expect((await clickAndRead(t, P2, channel, b)).text).toMatch(/Too late/);
    const answers = await answersOf(sessionId);
    expect(answers.map((a) => [a.user.identities[0]?.externalId, a.choices, a.changes])).toEqual([
      [P1, [1], 0],
    ]);
  });

  it("allows exactly one change when the host says allow-change", async () => {
    const channel = "C0CHANGE";
    const { sessionId, answer } = await openFirstQuestion(channel, [P1], "allow-change");
    expect((await clickAndRead(t, P1, channel, answer("A. Nucleus"))).text).toMatch(
      /You can change your answer once/,
    );
    expect((await clickAndRead(t, P1, channel, answer("B. Mitochondria"))).text).toMatch(
      /Changed to: B\. Mitochondria\. That is final/,
    );
    expect((await clickAndRead(t, P1, channel, answer("C. Ribosome"))).text).toMatch(/cannot be changed/);
    const [only] = await answersOf(sessionId);
    expect(only).toMatchObject({ choices: [1], changes: 1, correct: true });
  });
});

describe("quiz options", () => {
  it("plays in teams from Slack user groups named “Team …”, scoring each team by its average", async () => {
    const channel = "C0TEAMS";
    const { joined, answer, control } = await openFirstQuestion(channel, [P1, P2, P3], "teams=groups");
    expect(joined).toEqual([
      expect.stringMatching(/You play for Team Red/),
      expect.stringMatching(/You play for Team Red/),
      expect.stringMatching(/You play for Blue squad/),
    ]);
    await clickAndRead(t, P1, channel, answer("B. Mitochondria"));
    await clickAndRead(t, P2, channel, answer("A. Nucleus"));
    await clickAndRead(t, P3, channel, answer("B. Mitochondria"));
    await clickAndRead(t, TEACHER, channel, control("End quiz"));
    const podium = await waitForBoard(t, channel, (text) => text.includes("final results"));
    expect(podium.text).toMatch(/\*Teams:\* 1\. Blue squad \d+ · 2\. Team Red \d+/);
    // One usergroups.list (with members) serves every click of the workspace for a few minutes.
    expect(t.api.callsTo("usergroups.list").map((c) => String(c.args.include_users))).toEqual(["true"]);
  });

  it("balances players into numbered teams with teams=2", async () => {
    const { joined } = await openFirstQuestion("C0AUTO", [P1, P2], "teams=2");
    const teams = joined.map((text) => /You play for (Team \w+)/.exec(text)?.[1]);
    expect(new Set(teams)).toEqual(new Set(["Team Red", "Team Blue"]));
  });

  it("hides rankings: no leaderboard or podium, only personal results without a place", async () => {
    const channel = "C0HIDE";
    const { answer, control } = await openFirstQuestion(channel, [P1, P2], "hide-rankings");
    await clickAndRead(t, P1, channel, answer("B. Mitochondria"));
    await clickAndRead(t, P2, channel, answer("A. Nucleus"));
    await clickAndRead(t, TEACHER, channel, control("Skip"));
    const reveal = await waitForBoard(t, channel, (text) => text.includes("time is up"));
    expect(reveal.text).toContain("✅ B. Mitochondria");
    expect(reveal.text).not.toMatch(/Leaderboard|Player U0P/);
    const sentBefore = t.api.calls.length;
    expect((await commandAndRead(t, TEACHER, channel, "quiz stop")).text).toMatch(/The quiz has ended/);
    const end = await waitForBoard(t, channel, (text) => text.includes("final results"));
    expect(end.text).toMatch(/Rankings are hidden/);
    expect(end.text).not.toMatch(/🥇|Player U0P/);
    const mine = await t.api.waitFor(
      "chat.postMessage",
      (c) =>
        t.api.calls.indexOf(c) >= sentBefore &&
        [P1, P2].includes(String(c.args.channel)) &&
        /Your result/.test(JSON.stringify(c.args.blocks)),
      { count: 2 },
    );
    for (const result of mine) expect(JSON.stringify(result.args.blocks)).not.toMatch(/Place/);
  });
});

describe("who may start, and where", () => {
  it("lets only staff start a quiz, and only one at a time in a channel", async () => {
    expect((await commandAndRead(t, P1, "C0ONE", "quiz start")).text).toMatch(
      /Only course staff can start a live quiz/,
    );
    await startQuiz("C0ONE");
    expect((await commandAndRead(t, TEACHER, "C0ONE", "quiz start")).text).toMatch(
      /already running in this channel/,
    );
    expect((await commandAndRead(t, TEACHER, "C0ONE", "quiz start questions=500")).text).toMatch(
      /at most 100/,
    );
  });

  it("explains a channel the app is not in, and leaves the channel free for the next try", async () => {
    t.api.failNext("chat.postMessage", "not_in_channel");
    const refused = await commandAndRead(t, TEACHER, "C0NOTIN", "quiz start");
    expect(refused.text).toMatch(/not in this channel yet.*\/invite @StudyHall/);
    await startQuiz("C0NOTIN");
  });
});
