import { describe, expect, it } from "vitest";
import type { MemberSummary } from "./describe-member.ts";
import { DEFAULT_PREFERENCES } from "./learner-preferences.ts";
import { memberReply } from "./member-reply.ts";

const member: MemberSummary = {
  userId: "u1",
  displayName: "Ada",
  platforms: ["SLACK", "DISCORD"],
  courses: [{ id: "c1", slug: "bio", name: "Biology 101", role: "STUDENT" }],
  archivedCourses: [{ id: "c2", slug: "geo", name: "Geology 100", role: "STAFF" }],
  preferences: { ...DEFAULT_PREFERENCES },
  questionsAsked: 3,
  tutorAllowance: null,
  recentResults: [
    {
      sessionId: "s1",
      quizTitle: "Organelles",
      courseName: "Biology 101",
      playedAt: new Date("2026-12-01T10:00:00Z"),
      score: 2450,
      correct: 3,
      questions: 4,
      place: { rank: 2, players: 30 },
    },
    {
      sessionId: "s2",
      quizTitle: "Rocks",
      courseName: "Geology 100",
      playedAt: new Date("2026-11-01T10:00:00Z"),
      score: 900,
      correct: 1,
      questions: 2,
      place: null,
    },
  ],
};

const fieldsOf = (reply: ReturnType<typeof memberReply>) => {
  const block = reply.blocks.find((b) => b.type === "fields");
  if (block?.type !== "fields") throw new Error("no fields block");
  return Object.fromEntries(block.fields.map((f) => [f.label, f.value]));
};

describe("the /me reply", () => {
  it("lists archived courses as archived, since their tutor still answers", () => {
    expect(fieldsOf(memberReply(member, { prefs: "/prefs" })).Courses).toBe(
      "Biology 101 (student)\nGeology 100 (staff, archived)",
    );
  });

  it("lists recent results, with a place only where the game showed rankings", () => {
    expect(fieldsOf(memberReply(member, { prefs: "/prefs" }))["Recent quiz results"]).toBe(
      "Organelles (Biology 101): 2,450 pts, 3 of 4 right, place 2 of 30\nRocks (Geology 100): 900 pts, 1 of 2 right",
    );
  });

  it("names the front end's own preferences command", () => {
    const reply = memberReply({ ...member, recentResults: [] }, { prefs: "/studyhall prefs" });
    expect(fieldsOf(reply)["Recent quiz results"]).toBe("No quizzes played yet");
    expect(JSON.stringify(reply.blocks.at(-1))).toContain("`/studyhall prefs`");
  });
});
