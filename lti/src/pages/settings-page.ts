import {
  answerPolicyChoices,
  type BudgetSetting,
  type CourseSettings,
  type CourseSettingsField,
  SETTING_LIMITS,
} from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";

type Choice = [value: string, label: string];
type FieldErrors = Partial<Record<CourseSettingsField, string>>;

const WHO: Choice[] = [
  ["staff", "Course staff only"],
  ["anyone", "Anyone in the course (study groups)"],
];

const BUDGETS: Array<[key: keyof CourseSettings["budgets"], label: string]> = [
  ["questionsPerStudentPerHour", "Tutor questions per student per hour"],
  ["tokensPerStudentPerDay", "AI tokens per student per day"],
  ["tokensPerCoursePerDay", "AI tokens for the whole course per day"],
];

/** The form's values as text: what is saved, or what the person typed when it was refused. */
export type SettingsFormValues = Partial<Record<CourseSettingsField, string>>;

/** The values of the settings in force, as the form shows them. */
export function settingsFormValues(settings: CourseSettings): SettingsFormValues {
  const own = (b: BudgetSetting) => (b.source === "default" ? "" : String(b.limit ?? 0));
  return {
    hostPolicy: settings.hostPolicy === "STAFF" ? "staff" : "anyone",
    materialsPolicy: settings.materialsPolicy === "STAFF" ? "staff" : "anyone",
    sessionsPolicy: settings.sessionsPolicy === "STAFF" ? "staff" : "anyone",
    answerPolicy: settings.answerPolicy,
    leaderboard: settings.leaderboard ? "on" : "off",
    secondsPerQuestion: settings.quiz.secondsPerQuestion?.toString() ?? "",
    scoring: settings.quiz.scoring,
    streaks: settings.quiz.streaks ? "on" : "off",
    showRankings: settings.quiz.showRankings ? "show" : "hide",
    questionsPerStudentPerHour: own(settings.budgets.questionsPerStudentPerHour),
    tokensPerStudentPerDay: own(settings.budgets.tokensPerStudentPerDay),
    tokensPerCoursePerDay: own(settings.budgets.tokensPerCoursePerDay),
  };
}

/**
 * The course settings page for staff: one form with every setting, the values in force (or the typed
 * ones with an error beside each refused field) and the deployment's defaults named for blank budgets.
 */
export function settingsPage(
  courseName: string,
  settings: CourseSettings,
  ctx: PageContext,
  shown: { values: SettingsFormValues; errors?: FieldErrors; notice?: PageNotice },
): { title: string; body: SafeHtml } {
  const { values, errors = {} } = shown;
  const select = (key: CourseSettingsField, label: string, choices: Choice[]) =>
    field(
      key,
      label,
      errors,
      html`<select id="${key}" name="${key}"${described(key, errors)}>${choices.map(
        ([value, text]) =>
          html`<option value="${value}"${values[key] === value ? html` selected` : ""}>${text}</option>`,
      )}</select>`,
    );
  const number = (key: CourseSettingsField, label: string, hint: string) =>
    field(
      key,
      label,
      errors,
      html`<input type="text" inputmode="numeric" id="${key}" name="${key}" maxlength="12" value="${values[key] ?? ""}"${described(key, errors)}> <span class="muted">${hint}</span>`,
    );
  const { min, max } = SETTING_LIMITS.seconds;
  const budgets = BUDGETS.map(([key, label]) => number(key, label, budgetHint(settings.budgets[key])));
  const refused = Object.keys(errors).length
    ? notice({ tone: "error", text: "Nothing was saved. Correct the fields marked below." })
    : notice(shown.notice);
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Course settings</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li></ul></nav></header>
${refused}
<form method="post" action="${`${ctx.toolUrl}/course/settings`}">${hiddenFields(ctx)}
<fieldset><legend>Who may do what</legend>
${select("hostPolicy", "Who may start live quizzes in chat", WHO)}
${select("materialsPolicy", "Who may add materials", WHO)}
${select("sessionsPolicy", "Who may schedule study sessions", WHO)}
${select(
  "answerPolicy",
  "How the tutor answers",
  answerPolicyChoices().map((p) => [p.value, p.label]),
)}
${select("leaderboard", "Course leaderboard (XP)", [
  ["on", "On: students see the weekly and all-time XP rankings"],
  ["off", "Off: no rankings in this course"],
])}</fieldset>
<fieldset><legend>Live quiz defaults</legend>
${number("secondsPerQuestion", "Seconds per question", `${min} to ${max}. Blank: each question's own time.`)}
${select("scoring", "Scoring", [
  ["speed", "Speed: faster right answers score more"],
  ["accuracy", "Accuracy: points for right answers only"],
])}
${select("streaks", "Streak bonus", [
  ["on", "On"],
  ["off", "Off"],
])}
${select("showRankings", "Leaderboard and podium", [
  ["show", "Shown"],
  ["hide", "Hidden: everyone sees only their own result"],
])}</fieldset>
<fieldset><legend>Tutor budgets</legend>${budgets}</fieldset>
<p><button type="submit">Save settings</button></p></form>`;
  return { title: "Course settings", body };
}

function field(key: CourseSettingsField, label: string, errors: FieldErrors, control: SafeHtml): SafeHtml {
  const error = errors[key];
  return html`<p><label class="block" for="${key}">${label}</label>${control}${
    error ? html`<br><span class="notice error" id="${`${key}-error`}">${error}</span>` : ""
  }</p>`;
}

function described(key: CourseSettingsField, errors: FieldErrors): SafeHtml | "" {
  return errors[key] ? html` aria-invalid="true" aria-describedby="${`${key}-error`}"` : "";
}

/** What the field takes: a lower limit than the deployment's, or any (0: none) when it sets none. */
function budgetHint(setting: BudgetSetting): string {
  if (setting.fallback === null) return "0: no limit. Blank: the default (no limit).";
  const cap = setting.fallback.toLocaleString("en");
  return `At most ${cap}. Blank: the default (${cap}).`;
}
