import { describe, expect, it } from "vitest";
import { parseNotificationsCommandText } from "./parse-notifications-command-text.ts";

describe("parseNotificationsCommandText", () => {
  it("reads list, read, kinds on and off, and the digest", () => {
    expect(parseNotificationsCommandText("")).toEqual({ command: { name: "list" } });
    expect(parseNotificationsCommandText("  read ")).toEqual({ command: { name: "read" } });
    expect(parseNotificationsCommandText("off grades")).toEqual({
      command: { name: "kind", kind: "GRADE_SENT", on: false },
    });
    expect(parseNotificationsCommandText("ON Card")).toEqual({
      command: { name: "kind", kind: "CARDS_DUE", on: true },
    });
    expect(parseNotificationsCommandText("on flags")).toEqual({
      command: { name: "kind", kind: "MODERATION_FLAG", on: true },
    });
    expect(parseNotificationsCommandText("digest on")).toEqual({ command: { name: "digest", on: true } });
    expect(parseNotificationsCommandText("digest on 7")).toEqual({
      command: { name: "digest", on: true, hour: 7 },
    });
    expect(parseNotificationsCommandText("digest off")).toEqual({ command: { name: "digest", on: false } });
  });

  it("says what works for bad words, and leaves other commands alone", () => {
    expect(parseNotificationsCommandText("off homework")).toMatchObject({
      error: expect.stringContaining("`homework` is not a kind of notification"),
    });
    expect(parseNotificationsCommandText("digest on 25")).toMatchObject({
      error: expect.stringContaining("from 0 to 23"),
    });
    expect(parseNotificationsCommandText("digest maybe")).toMatchObject({
      error: expect.stringContaining("Usage"),
    });
    expect(parseNotificationsCommandText("read all")).toMatchObject({ error: expect.any(String) });
    expect(parseNotificationsCommandText("leaderboard")).toBeNull();
  });
});
