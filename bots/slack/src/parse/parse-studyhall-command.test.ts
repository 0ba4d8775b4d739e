import { describe, expect, it } from "vitest";
import { parseStudyhallCommand } from "./parse-studyhall-command.ts";

describe("parseStudyhallCommand", () => {
  it("reads each subcommand with its arguments", () => {
    expect(parseStudyhallCommand("ask  What do mitochondria produce? ")).toEqual({
      name: "ask",
      question: "What do mitochondria produce?",
    });
    expect(parseStudyhallCommand("setup Biology 101")).toEqual({
      name: "setup",
      course: { create: "Biology 101" },
    });
    expect(parseStudyhallCommand("setup code k7q4-m2xp")).toEqual({
      name: "setup",
      course: { code: "k7q4-m2xp" },
    });
    expect(parseStudyhallCommand("setup K7Q4-M2XP")).toEqual({
      name: "setup",
      course: { code: "K7Q4-M2XP" },
    });
    expect(parseStudyhallCommand("setup")).toEqual({ name: "setup", course: null });
    expect(parseStudyhallCommand("unlink")).toEqual({ name: "unlink" });
    expect(parseStudyhallCommand("unlink Biology 101")).toMatchObject({
      name: "invalid",
      message: expect.stringMatching(/takes nothing after it/),
    });
    expect(parseStudyhallCommand("materials")).toEqual({ name: "materials", action: "list" });
    expect(parseStudyhallCommand("materials add <https://x.test/a.pdf|a.pdf>")).toEqual({
      name: "materials",
      action: "add",
      url: "https://x.test/a.pdf",
    });
    expect(parseStudyhallCommand("materials https://x.test/b.md")).toMatchObject({
      action: "add",
      url: "https://x.test/b.md",
    });
    expect(parseStudyhallCommand("materials remove 2")).toEqual({
      name: "materials",
      action: "remove",
      index: 2,
    });
    expect(parseStudyhallCommand("policy Socratic")).toEqual({ name: "policy", policy: "SOCRATIC" });
    expect(parseStudyhallCommand("prefs")).toEqual({ name: "prefs" });
    expect(parseStudyhallCommand("settings")).toEqual({ name: "settings" });
    expect(parseStudyhallCommand("settings leaderboard off")).toEqual({
      name: "settings",
      text: "leaderboard off",
    });
    expect(parseStudyhallCommand("link ABCD-EFGH")).toEqual({ name: "link", code: "ABCD-EFGH" });
    expect(parseStudyhallCommand("me")).toEqual({ name: "progress", command: { name: "me" } });
    expect(parseStudyhallCommand("")).toEqual({ name: "help" });
  });

  it("explains missing arguments and unknown subcommands with usage", () => {
    const cases = [
      "ask",
      "policy loud",
      "link",
      "materials add",
      "materials add ftp://x",
      "materials remove x",
      "dance",
    ];
    for (const text of cases) {
      const parsed = parseStudyhallCommand(text);
      expect(parsed.name, text).toBe("invalid");
      if (parsed.name === "invalid") expect(parsed.message.length, text).toBeGreaterThan(10);
    }
    const unknown = parseStudyhallCommand("dance");
    expect(unknown).toMatchObject({ message: expect.stringContaining("/studyhall ask") });
  });
});

describe("study commands", () => {
  it("hands study words to core's parser, with the course named by in:", () => {
    expect(parseStudyhallCommand("review")).toEqual({ name: "study", command: { name: "review" } });
    expect(parseStudyhallCommand("practice 2 in:bio-101")).toEqual({
      name: "study",
      command: { name: "practice", quiz: "2" },
      course: "bio-101",
    });
    expect(parseStudyhallCommand("card add Cell &amp; tissue | A &lt;b&gt;")).toEqual({
      name: "study",
      command: { name: "card.add", front: "Cell & tissue", back: "A <b>" },
    });
    expect(parseStudyhallCommand("deck import Cells\nnucleus\tholds DNA")).toEqual({
      name: "study",
      command: { name: "deck.import", title: "Cells", text: "nucleus\tholds DNA" },
    });
  });

  it("explains a study word with bad arguments with the usage under /studyhall", () => {
    const parsed = parseStudyhallCommand("study quiet noon");
    expect(parsed).toMatchObject({
      name: "invalid",
      message: expect.stringContaining("Usage: `/studyhall study"),
    });
  });

  it("lists the study commands in help", () => {
    const unknown = parseStudyhallCommand("dance");
    expect(unknown).toMatchObject({ message: expect.stringContaining("`/studyhall review`") });
    expect(unknown).toMatchObject({ message: expect.stringContaining("`/studyhall guide week <n>`") });
  });
});

describe("progress commands", () => {
  it("hands me, leaderboard and history to core's parser, with the course named by in:", () => {
    expect(parseStudyhallCommand("leaderboard")).toEqual({
      name: "progress",
      command: { name: "leaderboard", period: "week" },
    });
    expect(parseStudyhallCommand("leaderboard all in:bio-101")).toEqual({
      name: "progress",
      command: { name: "leaderboard", period: "all" },
      course: "bio-101",
    });
    expect(parseStudyhallCommand("leaderboard hide")).toEqual({
      name: "progress",
      command: { name: "leaderboard.hide", hidden: true },
    });
    expect(parseStudyhallCommand("history in:bio-101")).toEqual({
      name: "progress",
      command: { name: "history" },
      course: "bio-101",
    });
  });

  it("explains a bad leaderboard choice with the usage under /studyhall, and lists them in help", () => {
    expect(parseStudyhallCommand("leaderboard monthly")).toMatchObject({
      name: "invalid",
      message: expect.stringContaining("Usage: `/studyhall leaderboard [week|all|hide|show]"),
    });
    const help = parseStudyhallCommand("dance");
    expect(help).toMatchObject({ message: expect.stringContaining("`/studyhall history [in:<course>]`") });
    expect(help).toMatchObject({ message: expect.stringContaining("`/studyhall me [in:<course>]`") });
  });

  it("reads notifications through core's words, and names the Slack command in its usage", () => {
    expect(parseStudyhallCommand("notifications")).toEqual({
      name: "notifications",
      command: { name: "list" },
    });
    expect(parseStudyhallCommand("notifications read")).toEqual({
      name: "notifications",
      command: { name: "read" },
    });
    expect(parseStudyhallCommand("notifications off grades")).toEqual({
      name: "notifications",
      command: { name: "kind", kind: "GRADE_SENT", on: false },
    });
    expect(parseStudyhallCommand("notifications digest on 7")).toEqual({
      name: "notifications",
      command: { name: "digest", on: true, hour: 7 },
    });
    expect(parseStudyhallCommand("notifications off homework")).toMatchObject({
      name: "invalid",
      message: expect.stringMatching(/not a kind of notification[\s\S]*Usage: `\/studyhall notifications/),
    });
    expect(parseStudyhallCommand("notifications loudly")).toMatchObject({
      name: "invalid",
      message: expect.stringContaining("`/studyhall notifications`"),
    });
  });

  it("reads session and calendar commands through core's parser, and session schedule alone as the form", () => {
    expect(parseStudyhallCommand("session schedule “Week 3 review” thu 18:00 weekly 90m quiz:cells")).toEqual(
      {
        name: "sessions",
        request: {
          command: {
            name: "schedule",
            title: "Week 3 review",
            when: "thu 18:00",
            weekly: true,
            minutes: 90,
            quiz: "cells",
          },
        },
      },
    );
    expect(parseStudyhallCommand("session schedule")).toEqual({
      name: "sessions",
      request: { form: "schedule" },
    });
    expect(parseStudyhallCommand("sessions")).toEqual({
      name: "sessions",
      request: { command: { name: "list" } },
    });
    expect(parseStudyhallCommand("session cancel 2")).toEqual({
      name: "sessions",
      request: { command: { name: "cancel", session: "2" } },
    });
    expect(parseStudyhallCommand("calendar course new")).toEqual({
      name: "sessions",
      request: { command: { name: "calendar", scope: "course", action: "renew" } },
    });
    expect(parseStudyhallCommand("session schedule Week 3 thu 18:00")).toMatchObject({
      name: "invalid",
      message: expect.stringMatching(/Put the title in quotes/),
    });
  });
});
