import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { frontEndStatus } from "./front-ends.ts";

describe("frontEndStatus", () => {
  it("says what to set for each front end that is off", () => {
    const status = frontEndStatus(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" }, { rootDir: "/" }), new Set());
    expect(status).toEqual([
      { name: "Slack", on: false, reason: "set SLACK_SIGNING_SECRET" },
      { name: "Discord", on: false, reason: "set DISCORD_TOKEN and DISCORD_APPLICATION_ID" },
      { name: "LTI", on: false, reason: "set LTI_ENCRYPTION_KEY" },
    ]);
  });

  it("is on only when configured and part of the build", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }, { rootDir: "/" });
    expect(frontEndStatus(config, new Set(["Slack"]))[0]).toEqual({ name: "Slack", on: true });
    expect(frontEndStatus(config, new Set())[0]).toMatchObject({
      on: false,
      reason: "not part of this version yet",
    });
  });
});
