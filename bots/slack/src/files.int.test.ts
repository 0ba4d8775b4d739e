import { bindSpace, enterSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { startTestSlackApp, TEAM_A, TEAM_B, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Files shared with the app: downloaded with the bot token from (fake) Slack and ingested, with
// progress and the result in a thread; staff only.
let t: TestSlackApp;
const team = TEAM_A.teamId;
const ADMIN = "U0ADMINA";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const lastText = (ts?: string) => {
  const update = t.api.callsTo("chat.update", (c) => !ts || c.args.ts === ts).at(-1);
  return blockKitText((update?.args.blocks ?? []) as SlackBlock[]);
};

beforeAll(async () => {
  t = await startTestSlackApp();
  await bindSpace(t.deps.db, {
    actor: slackActor(team, ADMIN),
    space: slackSpace(team, "C0BIO"),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  t.api.addFile({
    id: "F0CELL",
    name: "cell-biology.md",
    mimetype: "text/markdown",
    data: await sampleMaterial(),
    teamId: team,
  });
  t.api.addFile({
    id: "F0NOTES",
    name: "notes.txt",
    mimetype: "text/plain",
    data: Buffer.from("Osmosis moves water across a membrane from low to high solute concentration."),
    teamId: team,
  });
  t.api.addFile({ id: "F0PIC", name: "diagram.png", mimetype: "image/png", data: PNG, teamId: team });
  t.api.addFile({
    id: "F0OTHER",
    name: "secret.md",
    mimetype: "text/markdown",
    data: Buffer.from("# Other team"),
    teamId: TEAM_B.teamId,
  });
});
afterAll(() => t?.close());

describe("a file shared with the app in a bound channel", () => {
  it("is downloaded with the bot token and added to the course, with progress in the thread", async () => {
    await t.event({
      type: "app_mention",
      user: ADMIN,
      text: `<@${TEAM_A.botUserId}> here is the reader`,
      ts: "1700004000.000100",
      channel: "C0BIO",
      files: [{ id: "F0CELL" }],
    });
    await t.frontEnd.idle();
    expect(t.api.callsTo("files.info")[0]?.args.file).toBe("F0CELL");
    expect(t.api.downloads).toEqual([{ fileId: "F0CELL", token: TEAM_A.botToken, status: 200 }]);
    const [progress] = t.api.callsTo("chat.postMessage");
    expect(progress?.args.thread_ts).toBe("1700004000.000100");
    expect(lastText()).toMatch(/Added \*Cell Biology Basics\* to Biology 101: \d+ passages/);
    const material = await t.deps.db.material.findFirstOrThrow();
    expect(material).toMatchObject({
      status: "READY",
      fileName: "cell-biology.md",
      title: "Cell Biology Basics",
    });
    // No answer was attempted for a file share.
    expect(await t.deps.db.usageLog.count()).toBe(0);
  });

  it("says so when the same file is shared again, and changes nothing", async () => {
    t.api.reset();
    await t.event({
      type: "app_mention",
      user: ADMIN,
      text: `<@${TEAM_A.botUserId}>`,
      ts: "1700004010.000100",
      channel: "C0BIO",
      files: [{ id: "F0CELL" }],
    });
    await t.frontEnd.idle();
    expect(lastText()).toMatch(/already in Biology 101; nothing changed/);
    expect(await t.deps.db.material.count()).toBe(1);
  });

  it("reports an unsupported file in its thread and still adds the good one beside it", async () => {
    t.api.reset();
    await t.event({
      type: "app_mention",
      user: ADMIN,
      text: `<@${TEAM_A.botUserId}>`,
      ts: "1700004020.000100",
      channel: "C0BIO",
      files: [{ id: "F0PIC" }, { id: "F0NOTES" }],
    });
    await t.frontEnd.idle();
    const [pic, notes] = t.api.callsTo("chat.postMessage");
    expect(lastText(String(pic?.response?.ts))).toMatch(/not supported/i);
    expect(lastText(String(notes?.response?.ts))).toMatch(/Added \*notes.txt\*/);
    expect(await t.deps.db.material.count()).toBe(2);
  });

  it("refuses a student, downloading nothing", async () => {
    t.api.reset();
    await enterSpace(t.deps.db, { actor: slackActor(team, "U0STU1"), space: slackSpace(team, "C0BIO") });
    await t.event({
      type: "app_mention",
      user: "U0STU1",
      text: `<@${TEAM_A.botUserId}>`,
      ts: "1700004030.000100",
      channel: "C0BIO",
      files: [{ id: "F0NOTES" }],
    });
    await t.frontEnd.idle();
    expect(t.api.downloads).toHaveLength(0);
    const [refusal] = t.api.callsTo("chat.postEphemeral");
    expect(refusal?.args).toMatchObject({ user: "U0STU1", thread_ts: "1700004030.000100" });
    expect(blockKitText(refusal!.args.blocks as SlackBlock[])).toMatch(/Only course staff can add materials/);
  });

  it("cannot reach another workspace's file", async () => {
    t.api.reset();
    await t.event({
      type: "app_mention",
      user: ADMIN,
      text: `<@${TEAM_A.botUserId}>`,
      ts: "1700004040.000100",
      channel: "C0BIO",
      files: [{ id: "F0OTHER" }],
    });
    await t.frontEnd.idle();
    expect(t.api.downloads).toHaveLength(0);
    expect(lastText()).toMatch(/couldn't find that file/);
  });
});

describe("a file sent to the app in a DM", () => {
  it("goes to the one course the sender teaches", async () => {
    t.api.reset();
    await t.deps.db.material.deleteMany();
    await t.event({
      type: "message",
      subtype: "file_share",
      channel_type: "im",
      user: ADMIN,
      text: "",
      ts: "1700004100.000100",
      channel: "D0ADMIN",
      files: [{ id: "F0NOTES" }],
    });
    await t.frontEnd.idle();
    expect(t.api.callsTo("chat.postMessage")[0]?.args).toMatchObject({
      channel: "D0ADMIN",
      thread_ts: "1700004100.000100",
    });
    expect(lastText()).toMatch(/Added \*notes.txt\* to Biology 101/);
  });

  it("is refused for someone who teaches no course", async () => {
    t.api.reset();
    await t.event({
      type: "message",
      subtype: "file_share",
      channel_type: "im",
      user: "U0STU1",
      text: "",
      ts: "1700004110.000100",
      channel: "D0STU1",
      files: [{ id: "F0CELL" }],
    });
    await t.frontEnd.idle();
    expect(t.api.downloads).toHaveLength(0);
    const [refusal] = t.api.callsTo("chat.postMessage");
    expect(refusal?.args.channel).toBe("D0STU1");
    expect(blockKitText(refusal!.args.blocks as SlackBlock[])).toMatch(/Only course staff can add materials/);
  });
});
