import { describe, expect, it } from "vitest";
import { parseStaffCommand } from "./parse-staff-command.ts";
import { parseStudyhallCommand } from "./parse-studyhall-command.ts";

describe("/studyhall staff and code", () => {
  it("reads a person picked with @, as Slack escapes them, or a bare id", () => {
    expect(parseStaffCommand(["add", "<@U0ADA|ada>"])).toEqual({ action: "add", userId: "U0ADA" });
    expect(parseStaffCommand(["remove", "<@W0ENT>"])).toEqual({ action: "remove", userId: "W0ENT" });
    expect(parseStaffCommand(["add", "U0ADA"])).toEqual({ action: "add", userId: "U0ADA" });
    expect(parseStaffCommand([])).toEqual({ action: "list" });
    expect(parseStaffCommand(["list"])).toEqual({ action: "list" });
  });

  it("explains a name typed without picking the person, two people, or an unknown action", () => {
    expect(parseStaffCommand(["add", "@ada"])).toMatch(/Mention one person with @/);
    expect(parseStaffCommand(["add", "<@U0ADA>", "<@U0BOB>"])).toMatch(/Mention one person/);
    expect(parseStaffCommand(["add"])).toMatch(/Mention the person to add/);
    expect(parseStaffCommand(["promote", "<@U0ADA>"])).toMatch(/I don't know `staff promote`/);
    expect(parseStudyhallCommand("staff promote")).toMatchObject({
      name: "invalid",
      message: expect.stringContaining("/studyhall staff"),
    });
  });

  it("takes an optional course after code, and decodes what Slack escaped", () => {
    expect(parseStudyhallCommand("code")).toEqual({ name: "code", course: null });
    expect(parseStudyhallCommand("code Rocks &amp; Minerals")).toEqual({
      name: "code",
      course: "Rocks & Minerals",
    });
    expect(parseStudyhallCommand("setup Rocks &amp; Minerals")).toEqual({
      name: "setup",
      course: { create: "Rocks & Minerals" },
    });
  });
});
