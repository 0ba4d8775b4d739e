import { webApi } from "@slack/bolt";
import { silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../../test/support/fake-slack-web-api.ts";
import { createSlackDisplayNames } from "./slack-display-names.ts";

// Names from users.info, through the real @slack/web-api client against the fake Web API.
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
  client = new webApi.WebClient("xoxb-1", { slackApiUrl: api.apiUrl });
});
afterAll(() => api?.close());

describe("createSlackDisplayNames", () => {
  it("names people by display name, else real name, else username, never by a payload's handle alone", async () => {
    const names = createSlackDisplayNames();
    expect(await names.of(client, "T1", "U0ADA", log)).toBe("Ada");
    expect(await names.of(client, "T1", "U0GRACE", log)).toBe("Grace Hopper");
    // The fake's users.info gives a profile-less user only their username, the lower-cased id.
    expect(await names.of(client, "T1", "U0NOPROFILE", log)).toBe("u0noprofile");
  });

  it("asks Slack once per person while the answer is fresh", async () => {
    api.reset();
    const names = createSlackDisplayNames();
    for (let i = 0; i < 5; i++) await names.of(client, "T1", "U0ADA", log);
    expect(api.callsTo("users.info")).toHaveLength(1);
  });

  it("leaves the name unknown when Slack cannot answer", async () => {
    const other = new webApi.WebClient("xoxb-unknown", {
      slackApiUrl: api.apiUrl,
      retryConfig: { retries: 0 },
    });
    expect(await createSlackDisplayNames().of(other, "T9", "U0ADA", log)).toBeUndefined();
  });
});
