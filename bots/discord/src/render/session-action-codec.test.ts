import { describe, expect, it } from "vitest";
import { decodeAction, encodeAction } from "./action-codec.ts";
import { DISCORD_MAX_CUSTOM_ID } from "./discord-limits.ts";

const sessionId = "0b7f6a3e-2c4d-4e5f-8a9b-1c2d3e4f5a6b";

describe("study session buttons' custom ids", () => {
  it.each([
    { kind: "session.rsvp", sessionId, choice: "GOING" },
    { kind: "session.rsvp", sessionId, choice: "MAYBE" },
    { kind: "session.rsvp", sessionId, choice: "NOT_GOING" },
    { kind: "session.join", sessionId },
  ] as const)("round-trips $kind $choice within Discord's limit", (action) => {
    const id = encodeAction(action)!;
    expect(id.length).toBeLessThanOrEqual(DISCORD_MAX_CUSTOM_ID);
    expect(decodeAction(id)).toEqual(action);
  });

  it("refuses ids it did not make", () => {
    expect(decodeAction(`sh:ss:rsvp:${sessionId}:X`)).toBeNull();
    expect(decodeAction("sh:ss:join:not-a-session")).toBeNull();
  });
});
