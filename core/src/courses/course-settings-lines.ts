import { answerPolicyInfo } from "./answer-policies.ts";
import type { BudgetSetting, CourseSettings } from "./course-settings.ts";

const WHO = { STAFF: "course staff only", ENROLLED: "anyone in the course" } as const;

function budget(setting: BudgetSetting): string {
  const value = setting.limit === null ? "no limit" : setting.limit.toLocaleString("en-US");
  return setting.source === "default" ? `${value} (the default)` : value;
}

/**
 * A course's settings as short lines of text (Markdown bold labels), the same words in every chat
 * front end that shows them.
 */
export function describeCourseSettings(settings: CourseSettings): string[] {
  const { quiz, budgets } = settings;
  return [
    `**Start live quizzes:** ${WHO[settings.hostPolicy]}`,
    `**Add materials:** ${WHO[settings.materialsPolicy]}`,
    `**Schedule study sessions:** ${WHO[settings.sessionsPolicy]}`,
    `**Tutor answers:** ${answerPolicyInfo(settings.answerPolicy).label}`,
    `**Seconds per quiz question:** ${quiz.secondsPerQuestion ?? "each question's own time"}`,
    `**Course leaderboard:** ${settings.leaderboard ? "on" : "off"}`,
    `**Quiz scoring:** ${quiz.scoring}, streak bonus ${quiz.streaks ? "on" : "off"}, rankings ${quiz.showRankings ? "shown" : "hidden"}`,
    `**Tutor questions per student per hour:** ${budget(budgets.questionsPerStudentPerHour)}`,
    `**AI tokens per student per day:** ${budget(budgets.tokensPerStudentPerDay)}`,
    `**AI tokens for the course per day:** ${budget(budgets.tokensPerCoursePerDay)}`,
  ];
}
