import { describe, expect, it } from "vitest";
import { COURSE_SETTINGS_FIELDS, checkCourseSettings } from "./course-settings-fields.ts";
import { COURSE_SETTING_WORDS, parseCourseSettingsText } from "./course-settings-words.ts";

describe("parseCourseSettingsText", () => {
  it("reads name and value pairs into the fields updateCourseSettings checks", () => {
    expect(parseCourseSettingsText("leaderboard off")).toEqual({ changes: { leaderboard: "off" } });
    const many = parseCourseSettingsText("Hosts anyone  seconds 20 questions_per_hour default");
    expect(many).toEqual({
      changes: { hostPolicy: "anyone", secondsPerQuestion: "20", questionsPerStudentPerHour: "default" },
    });
    expect(checkCourseSettings((many as { changes: Record<string, string> }).changes)).toMatchObject({
      ok: true,
      patch: { hostPolicy: "ENROLLED", secondsPerQuestion: 20, questionsPerStudentPerHour: null },
    });
    expect(parseCourseSettingsText("")).toEqual({ changes: {} });
  });

  it("names every setting once, each a field of the settings form", () => {
    expect(new Set(Object.values(COURSE_SETTING_WORDS))).toEqual(new Set(COURSE_SETTINGS_FIELDS));
  });

  it("says which name is unknown and which has no value", () => {
    expect(parseCourseSettingsText("leaderbord off")).toEqual({
      error: expect.stringContaining("`leaderbord` is not a course setting. The settings: `hosts`"),
    });
    expect(parseCourseSettingsText("streaks on leaderboard")).toEqual({
      error: "Give a value after `leaderboard`, for example `leaderboard off`.",
    });
    expect(parseCourseSettingsText("tokens-per-course")).toEqual({
      error: "Give a value after `tokens-per-course`, for example `tokens-per-course default`.",
    });
  });
});
