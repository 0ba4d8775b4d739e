import { describe, expect, it } from "vitest";
import { displayNameOf } from "./display-name.ts";

describe("displayNameOf", () => {
  it("prefers the display name, then the real name, then the username", () => {
    expect(displayNameOf({ displayName: "Ada", realName: "Ada Lovelace", username: "ada.01" })).toBe("Ada");
    expect(displayNameOf({ displayName: "", realName: "Ada Lovelace", username: "ada.01" })).toBe(
      "Ada Lovelace",
    );
    expect(displayNameOf({ displayName: "  ", realName: null, username: "ada.01" })).toBe("ada.01");
  });

  it("gives nothing when every name is blank, and keeps a name within 200 characters", () => {
    expect(displayNameOf({})).toBeUndefined();
    expect(displayNameOf({ displayName: " ", realName: "" })).toBeUndefined();
    expect(displayNameOf({ displayName: "x".repeat(300) })).toHaveLength(200);
  });
});
