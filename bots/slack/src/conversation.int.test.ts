import { addMaterial, bindSpace, enterSpace, NO_SOURCE_ANSWER } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { blockActionPayload, interactive } from "../../../test/support/fake-slack-payloads.ts";
import type { SlackApiCall } from "../../../test/support/fake-slack-web-api.ts";
import { blockKitActionIds, blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { assertBlockKitLimits } from "./testing/assert-block-kit-limits.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Mentions, thread follow-ups, DMs and votes, through real Bolt over HTTP against the fake Web API.
let t: TestSlackApp;
const team = TEAM_A.teamId;
const teacher = slackActor(team, "U0ADMINA");
const mention = (user: string, text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: "app_mention",
  user,
  text: `<@${TEAM_A.botUserId}> ${text}`,
  ts,
  channel: "C0BIO",
  ...extra,
});
const blocksOf = (call: SlackApiCall | undefined) => (call?.args.blocks ?? []) as SlackBlock[];
const finalUpdate = (ts: string) => t.api.callsTo("chat.update", (c) => c.args.ts === ts).at(-1);
let chemistryId = "";

beforeAll(async () => {
  t = await startTestSlackApp();
  const bio = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(team, "C0BIO"),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  await addMaterial(
    { actor: teacher, courseId: bio.course.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
    t.deps.ingest,
  );
  const chem = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(team, "C0CHEM"),
    platformStaff: true,
    course: { create: "Chemistry" },
  });
  chemistryId = chem.course.id;
});
afterAll(() => t?.close());

describe("a mention in a bound channel", () => {
  it("is answered in a thread under the mention, with citations, vote buttons and Save as card", async () => {
    const result = await t.event(mention("U0STU1", "What do mitochondria produce?", "1700001000.000100"));
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    const [placeholder] = t.api.callsTo("chat.postMessage", (c) => c.args.thread_ts === "1700001000.000100");
    expect(placeholder).toMatchObject({ token: TEAM_A.botToken, args: { channel: "C0BIO" } });
    const final = blocksOf(finalUpdate("1700000001.000100"));
    assertBlockKitLimits(final);
    const text = blockKitText(final);
    expect(text).toMatch(/ATP/);
    expect(text).toContain("Sources");
    expect(text).toContain("Cell Biology Basics");
    const ids = blockKitActionIds(final);
    expect(ids).toEqual([
      expect.stringMatching(/^sh:fb:[0-9a-f-]{36}:up$/),
      expect.stringMatching(/^sh:fb:[0-9a-f-]{36}:down$/),
      // Save as card: whoever clicks it gets the answer as a card in their own deck.
      expect.stringMatching(/^sh:s:sva:[0-9a-f-]{36}$/),
    ]);
    const conversation = await t.deps.db.conversation.findFirst({
      where: { threadKey: `slack:${team}:C0BIO:1700001000.000100` },
    });
    expect(conversation).not.toBeNull();
  });

  it("treats a reply in that thread as a follow-up with memory of the question", async () => {
    await t.event({
      type: "message",
      channel_type: "channel",
      user: "U0STU1",
      text: "And what is that used for?",
      ts: "1700001010.000100",
      thread_ts: "1700001000.000100",
      channel: "C0BIO",
    });
    await t.frontEnd.idle();
    const posted = t.api.callsTo("chat.postMessage", (c) => c.args.thread_ts === "1700001000.000100");
    expect(posted).toHaveLength(2);
    const messages = await t.deps.db.message.findMany({
      where: { conversation: { threadKey: `slack:${team}:C0BIO:1700001000.000100` } },
      orderBy: { createdAt: "asc" },
    });
    expect(messages.map((m) => m.role)).toEqual(["USER", "ASSISTANT", "USER", "ASSISTANT"]);
    expect(messages[3]!.content).not.toBe(NO_SOURCE_ANSWER);
    // Control: the same words as a fresh question, without the thread's memory, find no source.
    await t.event(mention("U0STU1", "And what is that used for?", "1700001020.000100"));
    await t.frontEnd.idle();
    const fresh = await t.deps.db.message.findFirst({
      where: { role: "ASSISTANT", conversation: { threadKey: `slack:${team}:C0BIO:1700001020.000100` } },
    });
    expect(fresh?.content).toBe(NO_SOURCE_ANSWER);
  });

  it("ignores thread replies that mention the app (app_mention answers those) and threads it never answered", async () => {
    t.api.reset();
    await t.event({
      type: "message",
      channel_type: "channel",
      user: "U0STU1",
      text: `<@${TEAM_A.botUserId}> hi`,
      ts: "1700001030.000100",
      thread_ts: "1700001000.000100",
      channel: "C0BIO",
    });
    await t.event({
      type: "message",
      channel_type: "channel",
      user: "U0STU1",
      text: "What is ATP?",
      ts: "1700001040.000100",
      thread_ts: "1700000999.000100",
      channel: "C0BIO",
    });
    await t.frontEnd.idle();
    expect(t.api.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("tells the asker privately when the channel is not linked to a course", async () => {
    t.api.reset();
    await t.event({ ...mention("U0STU1", "What is ATP?", "1700001050.000100"), channel: "C0NOWHERE" });
    await t.frontEnd.idle();
    const [ephemeral] = t.api.callsTo("chat.postEphemeral");
    expect(ephemeral?.args).toMatchObject({
      channel: "C0NOWHERE",
      user: "U0STU1",
      thread_ts: "1700001050.000100",
    });
    expect(blockKitText(blocksOf(ephemeral))).toMatch(/not linked to a course yet/);
    expect(t.api.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("votes on an answer", () => {
  it("stores the asker's vote and refuses someone else's", async () => {
    const answer = await t.deps.db.message.findFirstOrThrow({
      where: { role: "ASSISTANT", conversation: { threadKey: `slack:${team}:C0BIO:1700001000.000100` } },
      orderBy: { createdAt: "asc" },
    });
    const click = (user: string, actionId: string) => {
      const responseUrl = t.api.responseUrl();
      return t
        .send(
          interactive(
            blockActionPayload({ teamId: team, userId: user, channelId: "C0BIO", actionId, responseUrl }),
          ),
        )
        .then(async (r) => {
          await t.frontEnd.idle();
          return {
            status: r.status,
            response: await t.api.waitForResponse((c) => c.path === new URL(responseUrl).pathname),
          };
        });
    };
    const down = await click("U0STU1", `sh:fb:${answer.id}:down`);
    expect(down.status).toBe(200);
    expect(down.response.body).toMatchObject({ response_type: "ephemeral" });
    expect((await t.deps.db.message.findUniqueOrThrow({ where: { id: answer.id } })).feedback).toBe(-1);
    const other = await click("U0OTHER", `sh:fb:${answer.id}:up`);
    expect(JSON.stringify(other.response.body)).toMatch(/Only the person who asked can rate this answer/);
    expect((await t.deps.db.message.findUniqueOrThrow({ where: { id: answer.id } })).feedback).toBe(-1);
  });
});

describe("a DM to the app", () => {
  it("is private tutoring in the person's only course", async () => {
    t.api.reset();
    await t.event({
      type: "message",
      channel_type: "im",
      user: "U0STU1",
      text: "What does the nucleus contain?",
      ts: "1700002000.000100",
      channel: "D0STU1",
    });
    await t.frontEnd.idle();
    const [placeholder] = t.api.callsTo("chat.postMessage");
    expect(placeholder?.args.channel).toBe("D0STU1");
    expect(placeholder?.args.thread_ts).toBeUndefined();
    const final = blocksOf(t.api.callsTo("chat.update").at(-1));
    expect(blockKitText(final)).toMatch(/Biology 101/);
    expect(blockKitText(final)).toMatch(/DNA|chromosome|genetic/i);
    const conversation = await t.deps.db.conversation.findFirst({
      where: { threadKey: `slack:${team}:dm:U0STU1` },
    });
    expect(conversation).not.toBeNull();
  });

  it("asks which course when the person is in several, then answers from the one picked", async () => {
    t.api.reset();
    const student = slackActor(team, "U0STU2");
    await enterSpace(t.deps.db, { actor: student, space: slackSpace(team, "C0BIO") });
    await enterSpace(t.deps.db, { actor: student, space: slackSpace(team, "C0CHEM") });
    await t.event({
      type: "message",
      channel_type: "im",
      user: "U0STU2",
      text: "What do mitochondria produce?",
      ts: "1700003000.000100",
      channel: "D0STU2",
    });
    await t.frontEnd.idle();
    const [chooser] = t.api.callsTo("chat.postMessage");
    expect(chooser?.args.text).toBe("Which course is this question for?");
    expect(t.api.callsTo("chat.update")).toHaveLength(0);
    const bioButton = blockKitActionIds(blocksOf(chooser)).find(
      (id) => id !== `sh:dm-course:${chemistryId}`,
    )!;
    const responseUrl = t.api.responseUrl();
    const payload = blockActionPayload({
      teamId: team,
      userId: "U0STU2",
      channelId: "D0STU2",
      actionId: bioButton,
      value: bioButton.slice("sh:dm-course:".length),
      messageTs: "1700000050.000100",
      message: {
        type: "message",
        ts: "1700000050.000100",
        text: "Which course?",
        blocks: chooser?.args.blocks,
      },
      responseUrl,
    });
    expect((await t.send(interactive(payload))).status).toBe(200);
    await t.frontEnd.idle();
    const updates = t.api.callsTo("chat.update");
    expect(updates[0]?.args).toMatchObject({ channel: "D0STU2", ts: "1700000050.000100" });
    expect(blockKitText(blocksOf(updates.at(-1)))).toMatch(/ATP/);
    // The next DM question goes to the same course without asking again.
    t.api.reset();
    await t.event({
      type: "message",
      channel_type: "im",
      user: "U0STU2",
      text: "What does the nucleus contain?",
      ts: "1700003010.000100",
      channel: "D0STU2",
    });
    await t.frontEnd.idle();
    expect(t.api.callsTo("chat.postMessage")[0]?.args.text).not.toBe("Which course is this question for?");
    expect(blockKitText(blocksOf(t.api.callsTo("chat.update").at(-1)))).toMatch(
      /From \*Biology 101\*.*chemistry:/,
    );
  });
});

describe("the App Home", () => {
  it("shows the person's courses, recent questions and what to do next", async () => {
    t.api.reset();
    await t.event({ type: "app_home_opened", user: "U0STU1", channel: "D0STU1", tab: "home" });
    await t.frontEnd.idle();
    const [publish] = t.api.callsTo("views.publish");
    expect(publish?.args.user_id).toBe("U0STU1");
    const view = publish?.args.view as { type: string; blocks: SlackBlock[] };
    expect(view.type).toBe("home");
    const text = blockKitText(view.blocks);
    expect(text).toMatch(/\*Biology 101\* \(student\)/);
    expect(text).not.toMatch(/Chemistry/);
    expect(text).toMatch(/What does the nucleus contain\?/);
    expect(text).toMatch(/And what is that used for\? _\(Biology 101, no source found\)_/);
    expect(text).toMatch(/\/studyhall prefs/);
    expect(text).toMatch(/level, streak and skills with `\/studyhall me`/);
  });
});
