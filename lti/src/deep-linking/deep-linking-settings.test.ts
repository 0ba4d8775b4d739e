import { describe, expect, it } from "vitest";
import { readDeepLinkingSettings } from "./deep-linking-settings.ts";

describe("readDeepLinkingSettings", () => {
  const settings = {
    deep_link_return_url: "https://lms.example/return/1",
    accept_types: ["ltiResourceLink"],
    data: "opaque",
  };

  it("reads accept_multiple as the spec's boolean or a string, defaulting to true", () => {
    expect(readDeepLinkingSettings({ deepLinkingSettings: settings })?.accept_multiple).toBe(true);
    expect(
      readDeepLinkingSettings({ deepLinkingSettings: { ...settings, accept_multiple: "false" } })
        ?.accept_multiple,
    ).toBe(false);
    expect(
      readDeepLinkingSettings({ deepLinkingSettings: { ...settings, accept_multiple: false } })
        ?.accept_multiple,
    ).toBe(false);
  });

  it("is null without settings or with a return URL that is not a URL", () => {
    expect(readDeepLinkingSettings(undefined)).toBeNull();
    expect(readDeepLinkingSettings({})).toBeNull();
    expect(
      readDeepLinkingSettings({ deepLinkingSettings: { ...settings, deep_link_return_url: "nope" } }),
    ).toBeNull();
  });
});
