import type { types } from "@slack/bolt";
import {
  answerPolicyChoices,
  type BudgetSetting,
  type CourseSettings,
  type CourseSettingsField,
  SETTING_LIMITS,
} from "@studyhall/core";
import { z } from "zod";

/** callback_id of the course settings modal. */
export const SETTINGS_CALLBACK_ID = "sh:settings";

/** Slack's limit on a plain_text object in a modal title. */
const SLACK_MODAL_TITLE_MAX = 24;

type Choice = [value: string, text: string];

const WHO: Choice[] = [
  ["staff", "Course staff only"],
  ["anyone", "Anyone in the course"],
];

const SELECTS: Partial<Record<CourseSettingsField, { label: string; options: () => Choice[] }>> = {
  hostPolicy: { label: "Who may start live quizzes", options: () => WHO },
  materialsPolicy: { label: "Who may add materials", options: () => WHO },
  answerPolicy: {
    label: "How the tutor answers",
    options: () => answerPolicyChoices().map((p) => [p.keyword, p.label]),
  },
  leaderboard: {
    label: "Course leaderboard (XP)",
    options: () => [
      ["on", "On: students see the weekly and all-time XP rankings"],
      ["off", "Off: no rankings in this course"],
    ],
  },
  scoring: {
    label: "Quiz scoring",
    options: () => [
      ["speed", "Speed: faster right answers score more"],
      ["accuracy", "Accuracy: points for right answers only"],
    ],
  },
  streaks: {
    label: "Streak bonus",
    options: () => [
      ["on", "On"],
      ["off", "Off"],
    ],
  },
  showRankings: {
    label: "Leaderboard and podium",
    options: () => [
      ["show", "Shown"],
      ["hide", "Hidden: everyone sees only their own result"],
    ],
  },
};

const BUDGETS: Array<[key: keyof CourseSettings["budgets"], label: string]> = [
  ["questionsPerStudentPerHour", "Tutor questions per student per hour"],
  ["tokensPerStudentPerDay", "AI tokens per student per day"],
  ["tokensPerCoursePerDay", "AI tokens for the whole course per day"],
];

/** What the modal carries back on submit: the course it was opened for and the channel to answer in. */
export interface SettingsModalMetadata {
  courseId: string;
  channel: string;
}

/** The settings modal for one course, filled in with the values in force. */
export function settingsModal(
  courseName: string,
  settings: CourseSettings,
  metadata: SettingsModalMetadata,
): types.ModalView {
  const current: Record<string, string> = {
    hostPolicy: settings.hostPolicy === "STAFF" ? "staff" : "anyone",
    materialsPolicy: settings.materialsPolicy === "STAFF" ? "staff" : "anyone",
    answerPolicy: answerPolicyChoices().find((p) => p.value === settings.answerPolicy)?.keyword ?? "full",
    leaderboard: settings.leaderboard ? "on" : "off",
    scoring: settings.quiz.scoring,
    streaks: settings.quiz.streaks ? "on" : "off",
    showRankings: settings.quiz.showRankings ? "show" : "hide",
  };
  const select = (key: CourseSettingsField): types.InputBlock => {
    const { label, options } = SELECTS[key]!;
    const toOption = ([value, text]: Choice) => ({ text: { type: "plain_text" as const, text }, value });
    const initial = options().find(([value]) => value === current[key]);
    return {
      type: "input",
      block_id: key,
      label: { type: "plain_text", text: label },
      element: {
        type: "static_select",
        action_id: key,
        options: options().map(toOption),
        ...(initial ? { initial_option: toOption(initial) } : {}),
      },
    };
  };
  const { min, max } = SETTING_LIMITS.seconds;
  const seconds = numberInput(
    "secondsPerQuestion",
    "Seconds per quiz question",
    settings.quiz.secondsPerQuestion,
    `${min} to ${max}. Blank: each question's own time.`,
  );
  const budgets = BUDGETS.map(([key, label]) =>
    numberInput(key, label, ownLimit(settings.budgets[key]), budgetHint(settings.budgets[key])),
  );
  return {
    type: "modal",
    callback_id: SETTINGS_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Course settings".slice(0, SLACK_MODAL_TITLE_MAX) },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `Settings of *${escapeMrkdwn(courseName)}*` } },
      select("hostPolicy"),
      select("materialsPolicy"),
      select("answerPolicy"),
      select("leaderboard"),
      { type: "header", text: { type: "plain_text", text: "Live quiz defaults" } },
      seconds,
      select("scoring"),
      select("streaks"),
      select("showRankings"),
      { type: "header", text: { type: "plain_text", text: "Tutor budgets" } },
      ...budgets,
    ],
  };
}

/** A course's own limit as the field shows it: 0 for "no limit", blank when the default applies. */
function ownLimit(setting: BudgetSetting): number | null {
  if (setting.source === "default") return null;
  return setting.limit ?? 0;
}

/** What the field takes: a lower limit than the deployment's, or any (0: none) when it sets none. */
function budgetHint(setting: BudgetSetting): string {
  if (setting.fallback === null) return "0: no limit. Blank: the default (no limit).";
  const cap = setting.fallback.toLocaleString("en-US");
  return `At most ${cap}. Blank: the default (${cap}).`;
}

function numberInput(key: string, label: string, value: number | null, hint: string): types.InputBlock {
  return {
    type: "input",
    block_id: key,
    optional: true,
    label: { type: "plain_text", text: label },
    hint: { type: "plain_text", text: hint },
    element: {
      type: "plain_text_input",
      action_id: key,
      ...(value !== null ? { initial_value: String(value) } : {}),
    },
  };
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const selected = z.object({ selected_option: z.object({ value: z.string() }).nullable().optional() });
const typed = z.object({ value: z.string().nullable().optional() });
const metadataSchema = z.object({ courseId: z.uuid(), channel: z.string().min(1).max(40) });

/**
 * The values of a submitted settings modal, as core's checkCourseSettings takes them (block ids are
 * the field names, so its errors land beside their fields), and the metadata the modal was opened with.
 */
export function parseSettingsSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): { changes: Record<string, string>; metadata: SettingsModalMetadata } | null {
  let metadata: SettingsModalMetadata;
  try {
    metadata = metadataSchema.parse(JSON.parse(privateMetadata ?? ""));
  } catch {
    return null;
  }
  const changes: Record<string, string> = {};
  for (const key of Object.keys(SELECTS)) {
    const value = selected.safeParse(values[key]?.[key] ?? {}).data?.selected_option?.value;
    if (value) changes[key] = value;
  }
  for (const key of ["secondsPerQuestion", ...BUDGETS.map(([k]) => k)]) {
    const value = typed.safeParse(values[key]?.[key] ?? {}).data?.value;
    changes[key] = (value ?? "").trim();
  }
  return { changes, metadata };
}
