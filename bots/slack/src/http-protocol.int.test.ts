import { addMaterial, bindSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { eventCallback, slashCommand } from "../../../test/support/fake-slack-payloads.ts";
import { signSlackRequest } from "../../../test/support/fake-slack-signer.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// The HTTP contract with Slack, through real Bolt and its ExpressReceiver: signatures, timestamps,
// URL verification, retries and rate limits.
let t: TestSlackApp;
const teacher = slackActor(TEAM_A.teamId, "U0ADMINA");

beforeAll(async () => {
  t = await startTestSlackApp();
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
afterAll(() => t?.close());

describe("Slack HTTP requests", () => {
  it("echoes the url_verification challenge", async () => {
    const result = await t.send({
      contentType: "application/json",
      raw: JSON.stringify({ type: "url_verification", challenge: "ch4llenge", token: "x" }),
    });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ challenge: "ch4llenge" });
  });

  it("rejects a request with a wrong signature and does nothing", async () => {
    const before = t.api.calls.length;
    const body = slashCommand({
      teamId: TEAM_A.teamId,
      userId: "U0STU",
      channelId: "C0BIO",
      text: "ask What is ATP?",
      responseUrl: t.api.responseUrl(),
    });
    const forged = signSlackRequest("not-the-secret", body.raw);
    const result = await t.send(body, { signature: forged["x-slack-signature"] });
    expect(result.status).toBe(401);
    await t.frontEnd.idle();
    expect(t.api.calls.length).toBe(before);
    expect(t.api.responses).toHaveLength(0);
  });

  it("rejects a correctly signed request whose timestamp is over 5 minutes old", async () => {
    const body = slashCommand({
      teamId: TEAM_A.teamId,
      userId: "U0STU",
      channelId: "C0BIO",
      text: "help",
      responseUrl: t.api.responseUrl(),
    });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const result = await t.send(body, { timestamp: stale });
    expect(result.status).toBe(401);
    const fresh = await t.send(body);
    expect(fresh.status).toBe(200);
  });

  it("answers a retried event once, however many times Slack delivers it", async () => {
    t.api.reset();
    const mention = {
      type: "app_mention",
      user: "U0STU",
      text: `<@${TEAM_A.botUserId}> What do mitochondria produce?`,
      ts: "1700000100.000100",
      channel: "C0BIO",
    };
    const deliveries = await Promise.all([
      t.event(mention, { eventId: "Ev0RETRY" }),
      t.event(mention, { eventId: "Ev0RETRY", retryNum: 1 }),
      t.event(mention, { eventId: "Ev0RETRY", retryNum: 2 }),
    ]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    await t.frontEnd.idle();
    const answers = t.api.callsTo("chat.postMessage", (c) => c.args.thread_ts === "1700000100.000100");
    expect(answers).toHaveLength(1);
    const usage = await t.deps.db.usageLog.count({ where: { question: "What do mitochondria produce?" } });
    expect(usage).toBe(1);
  });

  it("retries a rate-limited Web API call once and still delivers the answer in the retried message", async () => {
    t.api.reset();
    t.api.rateLimitNext("chat.postMessage", 1);
    const result = await t.event({
      type: "app_mention",
      user: "U0STU",
      text: `<@${TEAM_A.botUserId}> What is the nucleus?`,
      ts: "1700000200.000100",
      channel: "C0BIO",
    });
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    const posts = t.api.callsTo("chat.postMessage", (c) => c.args.thread_ts === "1700000200.000100");
    // The 429 and one retry (the Web API client waits out Retry-After itself; that wait is not timed
    // here, since a busy machine only lengthens it), then the answer streams into the retried post.
    expect(posts).toHaveLength(2);
    expect(posts[0]!.response).toBeUndefined();
    expect(posts[1]!.response).toMatchObject({ ok: true });
    const final = t.api.callsTo("chat.update").at(-1);
    expect(t.api.calls.indexOf(final!)).toBeGreaterThan(t.api.calls.indexOf(posts[1]!));
    expect(final?.args.ts).toBe(posts[1]!.response?.ts);
    expect(JSON.stringify(final?.args.blocks)).toMatch(/nucleus/i);
  });

  it("ignores an event for a channel that is not a thread of ours without touching Slack", async () => {
    t.api.reset();
    const result = await t.send(
      eventCallback(TEAM_A.teamId, "Ev0CHATTER", {
        type: "message",
        channel_type: "channel",
        user: "U0STU",
        text: "lunch?",
        ts: "1700000300.000100",
        thread_ts: "1700000299.000100",
        channel: "C0BIO",
      }),
    );
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    expect(t.api.calls.filter((c) => c.method.startsWith("chat."))).toHaveLength(0);
  });
});
