import { describe, expect, it } from "vitest";
import { parseStudyhallCommand } from "./parse-studyhall-command.ts";

describe("/studyhall course", () => {
  it("parses rename, archive, unarchive and delete with or without the typed name", () => {
    expect(parseStudyhallCommand("course rename  Hydrology I ")).toEqual({
      name: "course",
      course: { action: "rename", name: "Hydrology I" },
    });
    expect(parseStudyhallCommand("course archive")).toEqual({
      name: "course",
      course: { action: "archive" },
    });
    expect(parseStudyhallCommand("course reopen")).toEqual({
      name: "course",
      course: { action: "unarchive" },
    });
    expect(parseStudyhallCommand("course delete")).toEqual({
      name: "course",
      course: { action: "delete", confirmName: null },
    });
    expect(parseStudyhallCommand("course delete Hydrology 101")).toEqual({
      name: "course",
      course: { action: "delete", confirmName: "Hydrology 101" },
    });
  });

  it("explains what is missing, with the usage line", () => {
    for (const [text, message] of [
      ["course", "Say what to do with the course."],
      ["course rename", "Type the new name after `course rename`."],
      ["course archive now", "`course archive` takes nothing after it"],
      ["course burn", "I don't know `course burn`."],
    ] as const) {
      const parsed = parseStudyhallCommand(text);
      expect(parsed.name).toBe("invalid");
      expect(parsed.name === "invalid" && parsed.message).toContain(message);
      expect(parsed.name === "invalid" && parsed.message).toContain("/studyhall course rename <new name>");
    }
  });
});
