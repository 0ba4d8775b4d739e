import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { frontEndStatus } from "./front-ends.ts";

const status = (env: Record<string, string>) => frontEndStatus(loadConfig(env, { rootDir: "/" }));

describe("frontEndStatus", () => {
  it("says what to set for each front end that is off", () => {
    expect(status({})).toEqual([
      { name: "Slack", on: false, reason: "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN" },
      { name: "Discord", on: false, reason: "set DISCORD_TOKEN and DISCORD_APPLICATION_ID" },
      { name: "LTI", on: false, reason: "set LTI_ENCRYPTION_KEY and PUBLIC_URL" },
    ]);
  });

  it("turns Slack on for one workspace, OAuth or Socket Mode, and explains an incomplete setup", () => {
    expect(status({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })[0]).toEqual({
      name: "Slack",
      on: true,
    });
    expect(status({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })[0]).toEqual({
      name: "Slack",
      on: true,
    });
    expect(
      status({
        SLACK_CLIENT_ID: "1",
        SLACK_CLIENT_SECRET: "2",
        SLACK_STATE_SECRET: "3",
        SLACK_SIGNING_SECRET: "s",
      })[0],
    ).toEqual({ name: "Slack", on: true });
    expect(status({ SLACK_BOT_TOKEN: "xoxb-1" })[0]).toMatchObject({
      on: false,
      reason: expect.stringMatching(/SLACK_SIGNING_SECRET/),
    });
    expect(status({ SLACK_CLIENT_ID: "1" })[0]).toMatchObject({
      on: false,
      reason: expect.stringMatching(/go together/),
    });
  });

  it("turns Discord on with a token and an application id", () => {
    expect(status({ DISCORD_TOKEN: "t" })[1]).toEqual({
      name: "Discord",
      on: false,
      reason: "set DISCORD_APPLICATION_ID",
    });
    expect(status({ DISCORD_TOKEN: "t", DISCORD_APPLICATION_ID: "1" })[1]).toEqual({
      name: "Discord",
      on: true,
    });
  });

  it("turns LTI on with an encryption key and a public URL an LMS can reach", () => {
    const key = "k".repeat(32);
    expect(status({ LTI_ENCRYPTION_KEY: key })[2]).toEqual({
      name: "LTI",
      on: false,
      reason: "set PUBLIC_URL",
    });
    expect(status({ PUBLIC_URL: "https://studyhall.example.edu" })[2]).toEqual({
      name: "LTI",
      on: false,
      reason: "set LTI_ENCRYPTION_KEY",
    });
    expect(status({ LTI_ENCRYPTION_KEY: key, PUBLIC_URL: "https://studyhall.example.edu" })[2]).toEqual({
      name: "LTI",
      on: true,
      detail: "Clever off: set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET",
    });
  });

  it("says on the LTI line whether Clever is on", () => {
    const lti = { LTI_ENCRYPTION_KEY: "k".repeat(32), PUBLIC_URL: "https://studyhall.example.edu" };
    expect(status({ ...lti, CLEVER_CLIENT_ID: "c", CLEVER_CLIENT_SECRET: "s" })[2]).toEqual({
      name: "LTI",
      on: true,
      detail: "Clever sign-in and rosters on",
    });
  });
});
