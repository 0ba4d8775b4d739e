import { describe, expect, it } from "vitest";
import { parsePersonKey } from "./person-key.ts";

describe("parsePersonKey", () => {
  it("reads each platform's account key", () => {
    expect(parsePersonKey("discord:80351110224678912")).toEqual({
      platform: "DISCORD",
      tenant: "",
      externalId: "80351110224678912",
    });
    expect(parsePersonKey("slack:T1:U1")).toEqual({ platform: "SLACK", tenant: "T1", externalId: "U1" });
    expect(parsePersonKey("Clever:d-9:s-1")).toEqual({
      platform: "CLEVER",
      tenant: "d-9",
      externalId: "s-1",
    });
    expect(parsePersonKey(" cli:ops ")).toEqual({ platform: "CLI", tenant: "", externalId: "ops" });
  });

  it("takes an LTI issuer with colons of its own, the subject after the last colon", () => {
    expect(parsePersonKey("lti:https://canvas.example:8443:abc-123")).toEqual({
      platform: "LTI",
      tenant: "https://canvas.example:8443",
      externalId: "abc-123",
    });
  });

  it.each([
    "",
    "U1",
    "slack:U1",
    "slack::U1",
    "lti:abc",
    "email:a@b.c",
    "discord:",
    `discord:${"9".repeat(300)}`,
  ])("refuses %j with the syntax in the message", (key) => {
    expect(() => parsePersonKey(key)).toThrow(
      expect.objectContaining({
        code: "invalid_input",
        userMessage: expect.stringContaining("slack:<team id>"),
      }),
    );
  });
});
