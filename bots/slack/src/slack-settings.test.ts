import { describe, expect, it } from "vitest";
import { resolveSlackMode } from "./slack-settings.ts";

const publicUrl = "https://studyhall.example";

describe("resolveSlackMode", () => {
  it("serves one workspace over HTTP with a bot token and signing secret", () => {
    expect(resolveSlackMode({ publicUrl, botToken: "xoxb-1", signingSecret: "s" })).toEqual({
      transport: "http",
      signingSecret: "s",
      auth: { kind: "single", botToken: "xoxb-1" },
    });
  });

  it("uses OAuth installations when client id, secret and state secret are all set", () => {
    const mode = resolveSlackMode({
      publicUrl,
      signingSecret: "s",
      clientId: "1.2",
      clientSecret: "c",
      stateSecret: "st",
    });
    expect(mode).toMatchObject({ transport: "http", auth: { kind: "oauth", clientId: "1.2" } });
  });

  it("uses Socket Mode with an app token, for one workspace", () => {
    expect(resolveSlackMode({ publicUrl, appToken: "xapp-1", botToken: "xoxb-1" })).toEqual({
      transport: "socket",
      appToken: "xapp-1",
      auth: { kind: "single", botToken: "xoxb-1" },
    });
  });

  it("names the setting to fix for combinations that cannot work", () => {
    expect(() => resolveSlackMode({ publicUrl, botToken: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => resolveSlackMode({ publicUrl, signingSecret: "s" })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => resolveSlackMode({ publicUrl, signingSecret: "s", clientId: "1.2" })).toThrow(/go together/);
    expect(() =>
      resolveSlackMode({ publicUrl, appToken: "xapp", clientId: "1", clientSecret: "2", stateSecret: "3" }),
    ).toThrow(/SLACK_BOT_TOKEN/);
  });
});
