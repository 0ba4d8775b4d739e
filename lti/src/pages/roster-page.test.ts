import { describe, expect, it } from "vitest";
import { type RosterPageData, rosterPage } from "./roster-page.ts";

const ctx = { toolUrl: "https://tool.example/lti", ltik: "ltik-1", csrf: "csrf-1" };
const removedStudent = {
  userId: "u-1",
  displayName: "Lisa Simpson",
  role: "STUDENT" as const,
  removedAt: new Date("2026-12-07T12:00:00Z"),
  enrolledAt: new Date("2026-09-01T08:00:00Z"),
  identities: [],
};

function page(sync: RosterPageData["sync"], source: "LTI" | "CLEVER") {
  return rosterPage(
    {
      course: { name: "Biology" },
      roster: { total: 1, active: 0, removed: 1, members: [{ ...removedStudent, source }] },
      page: 1,
      pageCount: 1,
      identitySource: { platform: source, tenant: "issuer-or-district" },
      sync,
    },
    ctx,
  ).body.value;
}

describe("the roster page", () => {
  it("says whose list a removed member left: Clever's for a Clever course, the LMS's for an LMS one", () => {
    expect(page({ source: "CLEVER" }, "CLEVER")).toContain(
      "Active members first, then people Clever no longer lists",
    );
    const lms = page({ source: "LTI", available: true, startedAt: null, syncedAt: null, error: null }, "LTI");
    expect(lms).toContain("Active members first, then people the LMS no longer lists");
  });
});
