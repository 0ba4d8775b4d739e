import { addMaterial, bindSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { eventEnvelope } from "../../../test/support/fake-slack-payloads.ts";
import { type FakeSocketMode, startFakeSocketMode } from "../../../test/support/fake-slack-socket-mode.ts";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../test/support/fake-slack-web-api.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Socket Mode (for schools behind firewalls): the same listeners over Bolt's SocketModeReceiver,
// connected to a fake Socket Mode WebSocket server handed out by apps.connections.open.
let api: FakeSlackWebApi;
let socket: FakeSocketMode;
let t: TestSlackApp;
const APP_TOKEN = "xapp-1-test";

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  socket = await startFakeSocketMode(api, { appToken: APP_TOKEN });
  t = await startTestSlackApp({ api, settings: { appToken: APP_TOKEN, signingSecret: undefined } });
  await t.frontEnd.start();
  await socket.connected();
  const teacher = slackActor(TEAM_A.teamId, "U0ADMINA");
  const { course } = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(TEAM_A.teamId, "C0BIO"),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  await addMaterial(
    { actor: teacher, courseId: course.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
    t.deps.ingest,
  );
});
afterAll(async () => {
  await t?.close();
  await socket?.close();
  await api?.close();
});

describe("Socket Mode", () => {
  it("connects with the app token, and serves no HTTP routes", async () => {
    expect(api.callsTo("apps.connections.open")[0]?.token).toBe(APP_TOKEN);
    expect(socket.connections).toBe(1);
    const response = await fetch(t.eventsUrl, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
  });

  it("acks a slash command envelope, with help in the ack's payload", async () => {
    const ack = await socket.send("slash_commands", {
      team_id: TEAM_A.teamId,
      user_id: "U0STU1",
      channel_id: "C0BIO",
      command: "/studyhall",
      text: "help",
      response_url: api.responseUrl(),
      trigger_id: "1.2.3",
    });
    expect(ack.ms).toBeLessThan(3000);
    expect(blockKitText((ack.payload as { blocks: SlackBlock[] }).blocks)).toMatch(/Here is what I can do/);
  });

  it("answers a mention delivered as an events_api envelope, once despite a redelivery", async () => {
    const envelope = eventEnvelope(TEAM_A.teamId, "Ev0SOCKET", {
      type: "app_mention",
      user: "U0STU1",
      text: `<@${TEAM_A.botUserId}> What do mitochondria produce?`,
      ts: "1700007000.000100",
      channel: "C0BIO",
    });
    const first = await socket.send("events_api", envelope);
    const retry = await socket.send("events_api", envelope, { retryAttempt: 1 });
    expect(first.envelope_id).toBeTruthy();
    expect(retry.envelope_id).toBeTruthy();
    await t.frontEnd.idle();
    const posts = api.callsTo("chat.postMessage", (c) => c.args.thread_ts === "1700007000.000100");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe(TEAM_A.botToken);
    const final = api.callsTo("chat.update").at(-1);
    expect(blockKitText(final!.args.blocks as SlackBlock[])).toMatch(/ATP/);
  });
});
