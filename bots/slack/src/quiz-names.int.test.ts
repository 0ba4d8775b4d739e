import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { buttonId, commandAndRead, seedQuizCourse, TEACHER, waitForBoard } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// A player's display name comes from users.info, which a quiz click never waits for: the click is
// recorded and answered at once, and the name is looked up afterwards (once per person, a few at a
// time) and stored, so later leaderboards show it.
let t: TestSlackApp;

beforeAll(async () => {
  t = await startTestSlackApp();
  await seedQuizCourse(t);
});
afterAll(() => t?.close());

const profile = (displayName: string) => ({
  displayName,
  realName: `${displayName} Real`,
  email: `${displayName.toLowerCase().replace(/\W/g, "")}@school.example`,
});

/** Clicks as `user` (whose profile the test set, if any) and returns the private answer's text. */
async function click(user: string, channel: string, actionId: string): Promise<string> {
  const result = await t.click(user, channel, actionId);
  expect(result.status).toBe(200);
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return blockKitText((response.body.blocks ?? []) as SlackBlock[]);
}

async function startQuiz(channel: string) {
  expect((await commandAndRead(t, TEACHER, channel, "quiz start organelles reveal=60")).text).toMatch(
    /lobby is open/,
  );
  const lobby = await waitForBoard(t, channel, (text) => text.includes("Live quiz: Organelles"));
  return { join: buttonId(lobby.blocks, "Join"), start: buttonId(lobby.blocks, "Start") };
}

async function openFirstQuestion(channel: string, start: string) {
  expect(await click(TEACHER, channel, start)).toMatch(/The quiz has started/);
  return waitForBoard(t, channel, (text) => text.includes("What makes ATP?"));
}

const players = (channel: string) =>
  t.deps.db.quizPlayer.findMany({ where: { session: { spaceId: channel } }, include: { user: true } });
const usersInfoFor = (user: string) => t.api.callsTo("users.info", (c) => c.args.user === user);

describe("players' display names in a Slack quiz", () => {
  it("records and confirms a first join and answer while users.info has not answered; the next leaderboard shows the display name", async () => {
    const channel = "C0NAMES";
    const ada = "U0ADA";
    t.api.setProfile(TEAM_A.teamId, ada, profile("Ada"));
    const { join, start } = await startQuiz(channel);
    const release = t.api.hold("users.info", (c) => c.args.user === ada);

    expect(await click(ada, channel, join)).toMatch(/You're in!/);
    await t.api.waitFor("users.info", (c) => c.args.user === ada);
    const q1 = await openFirstQuestion(channel, start);
    expect(await click(ada, channel, buttonId(q1.blocks, "B. Mitochondria"))).toMatch(
      /Locked in: B\. Mitochondria/,
    );
    // Recorded while Slack still holds the lookup: under the placeholder name, asked about once.
    const [player] = await players(channel);
    expect(await t.deps.db.answer.count({ where: { userId: player!.userId } })).toBe(1);
    expect(player!.displayName).toBe("Player");
    expect(usersInfoFor(ada)).toHaveLength(1);
    expect(usersInfoFor(ada)[0]!.response).toBeUndefined();

    release();
    await t.frontEnd.idle();
    const [named] = await players(channel);
    expect(named!.displayName).toBe("Ada");
    expect(named!.user.displayName).toBe("Ada");
    expect((await t.deps.db.identity.findFirstOrThrow({ where: { externalId: ada } })).displayName).toBe(
      "Ada",
    );

    expect(await click(TEACHER, channel, buttonId(q1.blocks, "Skip"))).toMatch(/Skipped/);
    const reveal = await waitForBoard(t, channel, (text) => text.includes("time is up"));
    expect(reveal.text).toMatch(/Leaderboard\*\n1\. Ada — \d+/);
    expect(usersInfoFor(ada)).toHaveLength(1);
  }, 60_000);

  it("a class of 30 clicking Join twice at once: all are answered while lookups are held, one users.info per person, never more than 4 at once", async () => {
    const channel = "C0BURST";
    const { join } = await startQuiz(channel);
    const people = Array.from({ length: 30 }, (_, i) => `U0BURST${String(i).padStart(2, "0")}`);
    for (const [i, person] of people.entries()) t.api.setProfile(TEAM_A.teamId, person, profile(`Kid ${i}`));
    const burst = (c: { args: Record<string, unknown> }) => String(c.args.user).startsWith("U0BURST");
    const release = t.api.hold("users.info", burst);

    const answers = await Promise.all(
      people.flatMap((p) => [click(p, channel, join), click(p, channel, join)]),
    );
    expect(answers.filter((a) => /You're in!/.test(a))).toHaveLength(60);
    expect(await players(channel)).toHaveLength(30);
    // Every click was answered; meanwhile four lookups wait on Slack and the rest queue in the bot.
    await t.api.waitFor("users.info", burst, { count: 4 });
    expect(t.api.callsTo("users.info", burst)).toHaveLength(4);

    release();
    await t.frontEnd.idle();
    for (const person of people) expect(usersInfoFor(person)).toHaveLength(1);
    expect(t.api.peakConcurrent("users.info")).toBeLessThanOrEqual(4);
    const names = (await players(channel)).map((p) => p.displayName).sort();
    expect(names).toEqual(people.map((_, i) => `Kid ${i}`).sort());
  }, 60_000);

  it("a users.info answered with 429 fails no click; the name arrives once Slack lets the retry through", async () => {
    const channel = "C0RATE";
    const rita = "U0RITA";
    t.api.setProfile(TEAM_A.teamId, rita, profile("Rita"));
    const { join, start } = await startQuiz(channel);
    t.api.rateLimitNext("users.info", 1);

    expect(await click(rita, channel, join)).toMatch(/You're in!/);
    const q1 = await openFirstQuestion(channel, start);
    expect(await click(rita, channel, buttonId(q1.blocks, "A. Nucleus"))).toMatch(/Locked in: A\. Nucleus/);

    await t.frontEnd.idle();
    const calls = usersInfoFor(rita);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.response).toBeUndefined();
    expect(calls[1]!.response).toMatchObject({ ok: true });
    expect((await players(channel))[0]!.displayName).toBe("Rita");
  }, 60_000);
});
