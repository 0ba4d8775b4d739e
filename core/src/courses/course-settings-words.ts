import type { CourseSettingsField } from "./course-settings-fields.ts";

/**
 * Each course setting's short name as people type it in chat (`/studyhall settings leaderboard off`),
 * and the field it sets. Discord's /settings options are the same names with underscores.
 */
export const COURSE_SETTING_WORDS = {
  hosts: "hostPolicy",
  materials: "materialsPolicy",
  sessions: "sessionsPolicy",
  policy: "answerPolicy",
  leaderboard: "leaderboard",
  seconds: "secondsPerQuestion",
  scoring: "scoring",
  streaks: "streaks",
  rankings: "showRankings",
  "questions-per-hour": "questionsPerStudentPerHour",
  "tokens-per-student": "tokensPerStudentPerDay",
  "tokens-per-course": "tokensPerCoursePerDay",
} as const satisfies Record<string, CourseSettingsField>;

type SettingWord = keyof typeof COURSE_SETTING_WORDS;

const NAMES = Object.keys(COURSE_SETTING_WORDS)
  .map((w) => `\`${w}\``)
  .join(", ");

/**
 * Reads "leaderboard off" or "hosts anyone seconds 20" (name and value pairs) into the changes
 * updateCourseSettings takes; the values are checked there, field by field. An unknown name or a name
 * without a value is an error sentence that lists the names. Never throws.
 */
export function parseCourseSettingsText(
  text: string,
): { changes: Record<string, string> } | { error: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const changes: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 2) {
    const name = words[i]!.toLowerCase().replace(/_/g, "-");
    if (!(name in COURSE_SETTING_WORDS))
      return { error: `\`${words[i]!.slice(0, 40)}\` is not a course setting. The settings: ${NAMES}.` };
    const value = words[i + 1];
    if (value === undefined)
      return { error: `Give a value after \`${name}\`, for example \`${example(name as SettingWord)}\`.` };
    changes[COURSE_SETTING_WORDS[name as SettingWord]] = value;
  }
  return { changes };
}

function example(name: SettingWord): string {
  const values: Partial<Record<SettingWord, string>> = {
    hosts: "anyone",
    materials: "staff",
    policy: "hints",
    seconds: "20",
    scoring: "accuracy",
  };
  return `${name} ${values[name] ?? (name.includes("-") ? "default" : "off")}`;
}
