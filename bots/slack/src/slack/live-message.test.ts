import { webApi } from "@slack/bolt";
import { silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../../test/support/fake-slack-web-api.ts";
import { createManualClock } from "../../../../test/support/manual-clock.ts";
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
    api.reset();
    const clock = createManualClock();
    const live = await postLiveMessage(client, { channel: "C1" }, text("start"), {
      intervalMs: 200,
      log: silentLogger(),
      clock,
    });
    // 40 changes, one every 20 ms of the clock's time: 800 ms of streaming.
    for (let i = 1; i <= 40; i++) {
      live.set(text(`partial ${i}`));
      await clock.advance(20);
    }
    const finished = live.finish(text("final answer"));
    // The partial updates have all landed; the final one waits out the interval on the clock.
    const sentAtOnce = await Promise.race([clock.untilTimer().then(() => false), finished.then(() => true)]);
    expect(sentAtOnce).toBe(false);
    const partialsOf = () => api.callsTo("chat.update").map((u) => String(u.args.text));
    expect(partialsOf()).not.toContain("final answer");
    await clock.advance(200);
    await finished;
    // The first change at once, then one update per 200 ms with the newest content: 5 partial updates
    // for 40 changes, then the final one.
    expect(partialsOf().map((t) => /partial (\d+)|final answer/.exec(t)?.[0])).toEqual([
      "partial 1",
      "partial 10",
      "partial 20",
      "partial 30",
      "partial 40",
      "final answer",
    ]);
    const methods = api.calls.map((c) => c.method);
    expect(methods.indexOf("chat.postMessage")).toBeLessThan(methods.indexOf("chat.update"));
  });

  it("deletes the message when the work it showed failed, and sends no update it still held", async () => {
    api.reset();
    const clock = createManualClock();
    const live = await postLiveMessage(client, { channel: "C1", threadTs: "1.2" }, text("start"), {
      intervalMs: 50,
      log: silentLogger(),
      clock,
    });
    live.set(text("half"));
    await clock.advance(0);
    live.set(text("three quarters"));
    expect(clock.pending).toBe(1);
    await live.remove();
    expect(api.callsTo("chat.postMessage")[0]?.args.thread_ts).toBe("1.2");
    expect(api.callsTo("chat.delete")[0]?.args).toMatchObject({ channel: "C1", ts: live.ts });
    expect(clock.pending).toBe(0);
    expect(await clock.advance(1_000)).toBe(0);
    expect(api.callsTo("chat.update").map((u) => u.args.text)).toEqual(["half"]);
  });
});
