import { describe, expect, it } from "vitest";
import { parseProgressCommandText } from "./parse-progress-command-text.ts";
import { progressCommandSchema } from "./progress-command.ts";

describe("parseProgressCommandText", () => {
  it("reads me, history and every leaderboard choice", () => {
    expect(parseProgressCommandText("me")).toEqual({ command: { name: "me" } });
    expect(parseProgressCommandText("  History ")).toEqual({ command: { name: "history" } });
    expect(parseProgressCommandText("leaderboard")).toEqual({
      command: { name: "leaderboard", period: "week" },
    });
    expect(parseProgressCommandText("leaderboard week")).toEqual({
      command: { name: "leaderboard", period: "week" },
    });
    expect(parseProgressCommandText("leaderboard ALL")).toEqual({
      command: { name: "leaderboard", period: "all" },
    });
    expect(parseProgressCommandText("leaderboard hide")).toEqual({
      command: { name: "leaderboard.hide", hidden: true },
    });
    expect(parseProgressCommandText("leaderboard show")).toEqual({
      command: { name: "leaderboard.hide", hidden: false },
    });
  });

  it("takes in:<course> anywhere", () => {
    expect(parseProgressCommandText("leaderboard in:bio-101 all")).toEqual({
      command: { name: "leaderboard", period: "all" },
      course: "bio-101",
    });
    expect(parseProgressCommandText("in:chem history")).toEqual({
      command: { name: "history" },
      course: "chem",
    });
    expect(parseProgressCommandText("me in:Bio_2")).toEqual({ command: { name: "me" }, course: "Bio_2" });
  });

  it("answers null for other commands, so the front end tries its own", () => {
    expect(parseProgressCommandText("cards")).toBeNull();
    expect(parseProgressCommandText("")).toBeNull();
    expect(parseProgressCommandText("method")).toBeNull();
    expect(parseProgressCommandText("in:bio-101")).toBeNull();
  });

  it("says what is wrong with the usage", () => {
    const bad = parseProgressCommandText("leaderboard monthly");
    expect(bad).toEqual({ error: expect.stringContaining("`monthly` is not a leaderboard choice") });
    expect((bad as { error: string }).error).toContain("leaderboard [week|all|hide|show]");
    expect(parseProgressCommandText("leaderboard week all")).toEqual({
      error: expect.stringContaining("one word"),
    });
    expect(parseProgressCommandText("me please")).toEqual({
      error: expect.stringContaining("takes nothing"),
    });
    expect(parseProgressCommandText("history 5")).toEqual({
      error: expect.stringContaining("Usage: `history"),
    });
  });

  it("only builds commands the schema accepts", () => {
    for (const text of [
      "me",
      "history",
      "leaderboard",
      "leaderboard all",
      "leaderboard hide",
      "leaderboard show",
    ]) {
      const parsed = parseProgressCommandText(text);
      if (!parsed || "error" in parsed) throw new Error(`no command from ${text}`);
      expect(progressCommandSchema.safeParse(parsed.command).success).toBe(true);
    }
    expect(progressCommandSchema.safeParse({ name: "leaderboard", period: "month" }).success).toBe(false);
  });
});
