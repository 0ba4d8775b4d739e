import { webApi } from "@slack/bolt";
import { silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../../test/support/fake-slack-web-api.ts";
import { toBlockKit } from "../render/to-block-kit.ts";
import { postLiveMessage } from "./live-message.ts";

// The coalescing of chat.updates, against the fake Web API through the real @slack/web-api client.
let api: FakeSlackWebApi;
let client: webApi.WebClient;
const text = (s: string) => toBlockKit({ visibility: "public", blocks: [{ type: "text", text: s }] });

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  api.addWorkspace({ teamId: "T1", botToken: "xoxb-1", botUserId: "UB", botId: "BB" });
  client = new webApi.WebClient("xoxb-1", { slackApiUrl: api.apiUrl });
});
afterAll(() => api?.close());

describe("postLiveMessage", () => {
  it("sends at most one update per interval, always the latest content, and the final one last", async () => {
    const live = await postLiveMessage(client, { channel: "C1" }, text("start"), {
      intervalMs: 200,
      log: silentLogger(),
    });
    for (let i = 1; i <= 40; i++) {
      live.set(text(`partial ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await live.finish(text("final answer"));
    const post = api.callsTo("chat.postMessage")[0]!;
    const updates = api.callsTo("chat.update");
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates.length).toBeLessThanOrEqual(6);
    expect(post.at).toBeLessThanOrEqual(updates[0]!.at);
    const times = updates.map((u) => u.at);
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(190);
    expect(updates.at(-1)?.args.text).toBe("final answer");
    // Coalesced: partial updates skip intermediate contents rather than queueing them all.
    const partials = updates.slice(0, -1).map((u) => Number(/partial (\d+)/.exec(String(u.args.text))?.[1]));
    expect(partials.every((n, i) => i === 0 || n > partials[i - 1]!)).toBe(true);
    expect(partials.length).toBeLessThan(40);
  });

  it("deletes the message when the work it showed failed", async () => {
    api.reset();
    const live = await postLiveMessage(client, { channel: "C1", threadTs: "1.2" }, text("start"), {
      intervalMs: 50,
      log: silentLogger(),
    });
    live.set(text("half"));
    await live.remove();
    expect(api.callsTo("chat.postMessage")[0]?.args.thread_ts).toBe("1.2");
    expect(api.callsTo("chat.delete")[0]?.args).toMatchObject({ channel: "C1", ts: live.ts });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.callsTo("chat.update")).toHaveLength(0);
  });
});
