import { bindSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { buttonId, commandAndRead } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";
import { dmOf, waitForMessage } from "./testing/study-test-kit.ts";

// Progress in Slack through real Bolt over HTTP against the fake Web API: `/studyhall me` sends the
// progress card as a PNG to the DM with the app, with its alt text as Slack's image description, and
// answers where it was typed with the card in words and the account summary; `/studyhall leaderboard`
// ranks the course's students and lets one hide.
let t: TestSlackApp;
// A Wednesday: the week's leaderboard counts from Monday 2026-12-07.
const now = new Date("2026-12-09T15:00:00.000Z");
const CHANNEL = "C0PROGRESS";
const ADA = "U0ADA";
const BEN = "U0BEN";
let courseId: string;

beforeAll(async () => {
  t = await startTestSlackApp({ clock: () => now });
  const bound = await bindSpace(t.deps.db, {
    actor: slackActor(TEAM_A.teamId, "U0ADMINA", "Teacher"),
    space: slackSpace(TEAM_A.teamId, CHANNEL),
    platformStaff: true,
    course: { create: "Progress Biology" },
  });
  courseId = bound.course.id;
  for (const [user, name] of [
    [ADA, "Ada Lovelace"],
    [BEN, "Ben Franklin"],
  ] as const) {
    t.api.setProfile(TEAM_A.teamId, user, { realName: name, displayName: name, email: `${user}@x.test` });
    // First contact in the course's channel enrols them.
    await commandAndRead(t, user, CHANNEL, "history");
  }
  await t.frontEnd.idle();
  await earn(ADA, 45, "2026-12-08T10:00:00.000Z");
  await earn(ADA, 10, "2026-12-09T09:00:00.000Z");
  await earn(BEN, 30, "2026-12-09T08:00:00.000Z");
  // Last week's XP counts for all time only.
  await earn(BEN, 100, "2026-12-01T08:00:00.000Z");
});
afterAll(() => t?.close());

async function userOf(slackUser: string): Promise<string> {
  const identity = await t.deps.db.identity.findFirstOrThrow({
    where: { platform: "SLACK", tenant: TEAM_A.teamId, externalId: slackUser },
  });
  return identity.userId;
}

async function earn(slackUser: string, points: number, at: string): Promise<void> {
  await t.deps.db.xpEvent.create({
    data: {
      userId: await userOf(slackUser),
      courseId,
      kind: "PRACTICE_ANSWER",
      sourceKey: `test:${at}:${points}`,
      points,
      occurredAt: new Date(at),
      localDate: new Date(`${at.slice(0, 10)}T00:00:00.000Z`),
    },
  });
}

describe("/studyhall me", () => {
  it("sends the progress card as a PNG to the DM with its alt text, and answers with the card in words", async () => {
    const before = t.api.uploads().length;
    const { text, body } = await commandAndRead(t, ADA, CHANNEL, "me");

    const [card, ...others] = t.api.uploads().slice(before);
    expect(others).toHaveLength(0);
    expect(card).toMatchObject({ channelId: dmOf(ADA), filename: "progress.png" });
    // The PNG signature, whether the body is the bare file or a multipart form holding it.
    expect(card!.body.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(card!.altText).toMatch(/level 1/i);
    expect(card!.altText!.length).toBeLessThanOrEqual(1_000);

    expect(body.response_type).toBe("ephemeral");
    // The fallback: the level, the streak and XP in words, then the account summary as before.
    expect(text).toMatch(/Level 1 · 55 XP/);
    expect(text).toMatch(/Streak/);
    expect(text).toMatch(/2 days/);
    expect(text).toContain("Progress Biology (student)");
    expect(text).toContain("Recent quiz results");
    expect(text).toMatch(/progress\.png.*direct message/);
  });
});

describe("/studyhall leaderboard", () => {
  it("ranks this week's XP, and all time's when asked", async () => {
    const week = await commandAndRead(t, ADA, CHANNEL, "leaderboard");
    expect(week.text).toContain("this week (since Monday, Dec 7)");
    expect(week.text).toMatch(/1\. Ada Lovelace: 55 XP \(you\)\*?\n2\. Ben Franklin: 30 XP/);

    const all = await commandAndRead(t, ADA, CHANNEL, "leaderboard all");
    expect(all.text).toMatch(/1\. Ben Franklin: 130 XP\n\*?2\. Ada Lovelace: 55 XP \(you\)/);
  });

  it("leaves out someone who hides, tells them they are hidden, and lists them again on show", async () => {
    const hidden = await commandAndRead(t, BEN, CHANNEL, "leaderboard hide");
    expect(hidden.body.response_type).toBe("ephemeral");

    const seenByAda = await commandAndRead(t, ADA, CHANNEL, "leaderboard");
    expect(seenByAda.text).toContain("Ada Lovelace");
    expect(seenByAda.text).not.toContain("Ben Franklin");
    const seenByBen = await commandAndRead(t, BEN, CHANNEL, "leaderboard");
    expect(seenByBen.text).toContain("You are hidden from leaderboards");
    expect(seenByBen.text).toContain("`/studyhall leaderboard show` puts you back");

    await commandAndRead(t, BEN, CHANNEL, "leaderboard show");
    expect((await commandAndRead(t, ADA, CHANNEL, "leaderboard")).text).toContain("Ben Franklin");
  });

  it("explains a bad choice with the usage", async () => {
    const refused = await commandAndRead(t, ADA, CHANNEL, "leaderboard monthly");
    expect(refused.text).toMatch(/not a leaderboard choice[\s\S]*\/studyhall leaderboard/);
  });
});

describe("/studyhall history", () => {
  it("lists a card reviewed in the DM, which also earned its XP", async () => {
    const dm = dmOf(BEN);
    await commandAndRead(t, BEN, CHANNEL, "card add What makes ATP? | Mitochondria");
    await commandAndRead(t, BEN, CHANNEL, "review");
    const front = await waitForMessage(t, dm, (m) => m.method === "chat.postMessage" && /Show/.test(m.text));
    await t.click(BEN, dm, buttonId(front.blocks, "Show"), { messageTs: front.ts });
    const back = await waitForMessage(t, dm, (m) => /Good · /.test(m.text), front.index + 1);
    await t.click(BEN, dm, buttonId(back.blocks, "Good"), { messageTs: front.ts });
    await t.frontEnd.idle();

    const history = await commandAndRead(t, BEN, CHANNEL, "history");
    expect(history.body.response_type).toBe("ephemeral");
    expect(history.text).toMatch(/Your history\* in Progress Biology/);
    expect(history.text).toMatch(/Dec 9 · Cards: \*Flashcard review\*: 1 card · 100% remembered/);
    // Ben had 30 XP this week; the review earned 2 more.
    expect((await commandAndRead(t, BEN, CHANNEL, "leaderboard")).text).toMatch(/Ben Franklin: 32 XP/);
  });
});
