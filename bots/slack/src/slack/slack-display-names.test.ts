import { webApi } from "@slack/bolt";
import { type Actor, silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../../test/support/fake-slack-web-api.ts";
import { createManualClock } from "../../../../test/support/manual-clock.ts";
import { createSlackDisplayNames } from "./slack-display-names.ts";

// Names from users.info, looked up in the background through the real @slack/web-api client against
// the fake Web API.
let api: FakeSlackWebApi;
let client: webApi.WebClient;
const log = silentLogger();

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  api.addWorkspace({
    teamId: "T1",
    botToken: "xoxb-1",
    botUserId: "UB",
    botId: "BB",
    profiles: {
      U0ADA: { displayName: "Ada", realName: "Ada Lovelace", email: "ada@school.example" },
      U0GRACE: { displayName: "", realName: "Grace Hopper", email: "grace@school.example" },
    },
  });
  client = new webApi.WebClient("xoxb-1", { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => api?.close());
beforeEach(() => api.reset());

function recordingStore() {
  const stored: Actor[] = [];
  return { stored, store: async (actor: Actor) => void stored.push(actor) };
}

describe("createSlackDisplayNames", () => {
  it("names people by display name, else real name, else username, and stores the name found", async () => {
    const { stored, store } = recordingStore();
    const names = createSlackDisplayNames({ store });
    expect(names.known("T1", "U0ADA")).toBeUndefined();
    for (const user of ["U0ADA", "U0GRACE", "U0NOPROFILE"]) names.refresh(client, "T1", user, log);
    await names.idle();
    expect(names.known("T1", "U0ADA")).toBe("Ada");
    expect(names.known("T1", "U0GRACE")).toBe("Grace Hopper");
    // The fake's users.info gives a profile-less user only their username, the lower-cased id.
    expect(names.known("T1", "U0NOPROFILE")).toBe("u0noprofile");
    expect(stored).toContainEqual({
      platform: "SLACK",
      tenant: "T1",
      externalId: "U0ADA",
      displayName: "Ada",
    });
    expect(stored).toHaveLength(3);
  });

  it("asks Slack once per person, however many refreshes arrive while asking or while the name is fresh", async () => {
    const names = createSlackDisplayNames(recordingStore());
    const release = api.hold("users.info");
    for (let i = 0; i < 5; i++) names.refresh(client, "T1", "U0ADA", log);
    await api.waitFor("users.info");
    release();
    await names.idle();
    for (let i = 0; i < 5; i++) names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    expect(api.callsTo("users.info")).toHaveLength(1);
  });

  it("a burst of 30 people queues behind the concurrency bound instead of asking Slack 30 times at once", async () => {
    const names = createSlackDisplayNames({ ...recordingStore(), concurrency: 3 });
    const release = api.hold("users.info");
    for (let i = 0; i < 30; i++) names.refresh(client, "T1", `U0P${i}`, log);
    await api.waitFor("users.info", undefined, { count: 3 });
    expect(api.peakConcurrent("users.info")).toBe(3);
    release();
    await names.idle();
    expect(api.callsTo("users.info")).toHaveLength(30);
    expect(new Set(api.callsTo("users.info").map((c) => c.args.user)).size).toBe(30);
    expect(api.peakConcurrent("users.info")).toBeLessThanOrEqual(3);
  });

  it("keeps the name known before when Slack cannot answer, and asks again only after a while", async () => {
    const clock = createManualClock();
    const { stored, store } = recordingStore();
    const names = createSlackDisplayNames({ store, clock, ttlMs: 1000, failureTtlMs: 5000 });
    names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    await clock.advance(1000);
    api.failNext("users.info", "missing_scope");
    names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    expect(names.known("T1", "U0ADA")).toBe("Ada");
    names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    expect(api.callsTo("users.info")).toHaveLength(2);
    await clock.advance(5000);
    names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    expect(api.callsTo("users.info")).toHaveLength(3);
    expect(stored).toHaveLength(2);
  });

  it("a failure to store the name is logged, not thrown", async () => {
    const names = createSlackDisplayNames({ store: () => Promise.reject(new Error("database down")) });
    names.refresh(client, "T1", "U0ADA", log);
    await names.idle();
    expect(names.known("T1", "U0ADA")).toBe("Ada");
  });
});
