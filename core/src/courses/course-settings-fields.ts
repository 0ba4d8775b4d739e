import { z } from "zod";
import type { BudgetScope } from "../db/generated/enums.ts";
import type { BudgetRule } from "../tutor/budget-usage.ts";
import { answerPolicySchema } from "./answer-policies.ts";

/**
 * The course settings people can change, each as a form or a command gives it: words and numbers as
 * text. Blank (or "default") budgets mean "the deployment's default"; 0 means "no limit". Blank
 * seconds mean "each question's own time". Front ends check a form with {@link checkCourseSettings} to show errors beside
 * their fields; core checks again when saving.
 */
export const SETTING_LIMITS = {
  seconds: { min: 5, max: 300 },
  questionsPerHour: { min: 0, max: 10_000 },
  tokensPerDay: { min: 0, max: 100_000_000 },
} as const;

/** "staff" or "anyone" (also "enrolled", as stored): who may do something in the course. */
const permission = (what: string) =>
  z
    .string({ message: `Choose staff or anyone for who may ${what}.` })
    .trim()
    .transform((v) => v.toLowerCase())
    .pipe(
      z
        .enum(["staff", "anyone", "enrolled"], { message: `Choose staff or anyone for who may ${what}.` })
        .transform((v) => (v === "staff" ? ("STAFF" as const) : ("ENROLLED" as const))),
    );

/** A whole number in range, given as a number or text; blank, "default" or null is `null`. */
const wholeNumber = (label: string, range: { min: number; max: number }) =>
  z.preprocess(
    (v) => {
      if (v === null) return null;
      if (typeof v !== "string") return v;
      const text = v.trim().toLowerCase();
      if (text === "" || text === "default") return null;
      // Number("") is 0 and Number("1e3") is 1000: only digits (with separators) are a number here.
      return /^-?[\d_,]+$/.test(text) ? Number(text.replace(/[_,]/g, "")) : Number.NaN;
    },
    z
      .number({ message: `${label} must be a whole number from ${range.min} to ${range.max}.` })
      .int({ message: `${label} must be a whole number from ${range.min} to ${range.max}.` })
      .min(range.min, { message: `${label} must be a whole number from ${range.min} to ${range.max}.` })
      .max(range.max, { message: `${label} must be a whole number from ${range.min} to ${range.max}.` })
      .nullable(),
  );

const yesNo = (label: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const word = v.trim().toLowerCase();
      if (["on", "yes", "true", "show"].includes(word)) return true;
      if (["off", "no", "false", "hide"].includes(word)) return false;
      return v;
    },
    z.boolean({ message: `${label}: choose on or off.` }),
  );

/** Every setting, all optional: what is given changes, what is left out stays. */
export const courseSettingsPatchSchema = z
  .object({
    hostPolicy: permission("host live quizzes"),
    materialsPolicy: permission("add materials"),
    sessionsPolicy: permission("schedule study sessions"),
    answerPolicy: answerPolicySchema,
    secondsPerQuestion: wholeNumber("Seconds per question", SETTING_LIMITS.seconds),
    scoring: z
      .string()
      .trim()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(["speed", "accuracy"], { message: "Scoring: choose speed or accuracy." })),
    streaks: yesNo("Streaks"),
    showRankings: yesNo("Rankings"),
    leaderboard: yesNo("Course leaderboard"),
    questionsPerStudentPerHour: wholeNumber(
      "Questions per student per hour",
      SETTING_LIMITS.questionsPerHour,
    ),
    tokensPerStudentPerDay: wholeNumber("Tokens per student per day", SETTING_LIMITS.tokensPerDay),
    tokensPerCoursePerDay: wholeNumber("Tokens per course per day", SETTING_LIMITS.tokensPerDay),
  })
  .partial();

export type CourseSettingsPatch = z.output<typeof courseSettingsPatchSchema>;
export type CourseSettingsField = keyof CourseSettingsPatch;

/** The fields in the order forms show them. */
export const COURSE_SETTINGS_FIELDS = Object.keys(courseSettingsPatchSchema.shape) as CourseSettingsField[];

export type BudgetKey = "questionsPerStudentPerHour" | "tokensPerStudentPerDay" | "tokensPerCoursePerDay";

/** Where each budget setting is stored: the Budget row of that scope and window, and its column. */
export const BUDGET_ROWS: Record<
  BudgetKey,
  { scope: BudgetScope; windowSeconds: number; column: "maxRequests" | "maxTokens"; label: string }
> = {
  questionsPerStudentPerHour: {
    scope: "PER_USER",
    windowSeconds: 3600,
    column: "maxRequests",
    label: "Questions per student per hour",
  },
  tokensPerStudentPerDay: {
    scope: "PER_USER",
    windowSeconds: 86_400,
    column: "maxTokens",
    label: "Tokens per student per day",
  },
  tokensPerCoursePerDay: {
    scope: "COURSE",
    windowSeconds: 86_400,
    column: "maxTokens",
    label: "Tokens per course per day",
  },
};

export type CourseSettingsCheck =
  | { ok: true; patch: CourseSettingsPatch }
  | { ok: false; errors: Partial<Record<CourseSettingsField, string>> };

/**
 * Checks a form or command's values. Unknown keys are ignored; `undefined` leaves a setting as it is.
 * Errors are one sentence per field, ready to show beside it. With the deployment's `limits`, a course
 * budget may tighten a limit the deployment sets but not lift it (nor make it "no limit"): the operator
 * pays for the tokens, and anyone a link code made staff could otherwise remove the cap.
 */
export function checkCourseSettings(
  raw: Record<string, unknown>,
  limits: BudgetRule[] = [],
): CourseSettingsCheck {
  const given = Object.fromEntries(
    Object.entries(raw).filter(
      ([key, v]) => v !== undefined && COURSE_SETTINGS_FIELDS.includes(key as never),
    ),
  );
  const parsed = courseSettingsPatchSchema.safeParse(given);
  const errors: Partial<Record<CourseSettingsField, string>> = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path[0] as CourseSettingsField;
    errors[field] ??= issue.message;
  }
  if (parsed.success)
    for (const [key, row] of Object.entries(BUDGET_ROWS) as Array<
      [BudgetKey, (typeof BUDGET_ROWS)[BudgetKey]]
    >) {
      const value = parsed.data[key];
      const cap = limits.find((r) => r.scope === row.scope && r.windowSeconds === row.windowSeconds)?.[
        row.column
      ];
      if (value == null || cap == null || (value !== 0 && value <= cap)) continue;
      errors[key] = `${row.label} can be at most ${cap}, the limit this StudyHall is set up with.`;
    }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, patch: parsed.data };
  return { ok: false, errors };
}
