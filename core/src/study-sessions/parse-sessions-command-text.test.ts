import { describe, expect, it } from "vitest";
import { parseSessionsCommandText } from "./parse-sessions-command-text.ts";

describe("parseSessionsCommandText", () => {
  it("reads a schedule with a quoted title, the time, and its options in any order", () => {
    expect(
      parseSessionsCommandText(
        'session schedule "Week 3 review" thu 18:00 weekly 90m quiz:"cell parts" deck:mitosis',
      ),
    ).toEqual({
      command: {
        name: "schedule",
        title: "Week 3 review",
        when: "thu 18:00",
        weekly: true,
        minutes: 90,
        quiz: "cell parts",
        deck: "mitosis",
      },
    });
    expect(parseSessionsCommandText("session schedule “Lab prep” tomorrow 9:30 am")).toEqual({
      command: { name: "schedule", title: "Lab prep", when: "tomorrow 9:30 am" },
    });
  });

  it("reads the form, list, cancel and the calendar commands", () => {
    expect(parseSessionsCommandText("session schedule")).toEqual({ command: { name: "schedule.form" } });
    expect(parseSessionsCommandText("session")).toEqual({ command: { name: "list" } });
    expect(parseSessionsCommandText("session list")).toEqual({ command: { name: "list" } });
    expect(parseSessionsCommandText("session cancel 2")).toEqual({
      command: { name: "cancel", session: "2" },
    });
    expect(parseSessionsCommandText("calendar")).toEqual({
      command: { name: "calendar", scope: "me", action: "show" },
    });
    expect(parseSessionsCommandText("calendar course new")).toEqual({
      command: { name: "calendar", scope: "course", action: "renew" },
    });
    expect(parseSessionsCommandText("calendar off")).toEqual({
      command: { name: "calendar", scope: "me", action: "off" },
    });
  });

  it("explains what is wrong, and leaves other commands alone", () => {
    expect(parseSessionsCommandText("session schedule Week 3 thu 18:00")).toEqual({
      error: expect.stringContaining("Put the title in quotes"),
    });
    expect(parseSessionsCommandText('session schedule "Review"')).toEqual({
      error: expect.stringContaining("Say when"),
    });
    expect(parseSessionsCommandText("session cancel")).toEqual({
      error: expect.stringContaining("Say which session"),
    });
    expect(parseSessionsCommandText("calendar purple")).toEqual({
      error: expect.stringContaining("not a calendar option"),
    });
    expect(parseSessionsCommandText("session dance")).toEqual({
      error: expect.stringContaining("not a session command"),
    });
    expect(parseSessionsCommandText("quiz start")).toBeNull();
  });
});
