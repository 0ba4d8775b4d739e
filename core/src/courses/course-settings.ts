import { z } from "zod";
import type { AuditDetails } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { AnswerPolicy, CoursePermission } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { type QuizOptions, resolveQuizOptions } from "../quiz/quiz-options.ts";
import type { BudgetRule } from "../tutor/budget-usage.ts";
import {
  BUDGET_ROWS,
  type BudgetKey,
  type CourseSettingsPatch,
  checkCourseSettings,
} from "./course-settings-fields.ts";
import { requireStaff } from "./enrollments.ts";
import { requireOpenCourseById } from "./require-open-course.ts";

/** One budget setting: `limit` null is "no limit"; `source` says whether the course chose it. */
export interface BudgetSetting {
  limit: number | null;
  source: "course" | "default";
  /** The deployment's limit, which a blank setting goes back to (null: no limit). */
  fallback: number | null;
}

/** A course's settings as they apply now: the course's own choices, else the defaults. */
export interface CourseSettings {
  courseId: string;
  hostPolicy: CoursePermission;
  materialsPolicy: CoursePermission;
  /** Who may schedule study sessions. */
  sessionsPolicy: CoursePermission;
  answerPolicy: AnswerPolicy;
  /** Whether the course's XP leaderboard is shown (some classes do not want rankings). */
  leaderboard: boolean;
  quiz: Pick<QuizOptions, "secondsPerQuestion" | "scoring" | "streaks" | "showRankings">;
  budgets: Record<BudgetKey, BudgetSetting>;
}

const QUIZ_KEYS = ["secondsPerQuestion", "scoring", "streaks", "showRankings"] as const;

export const courseSettingsInput = z.object({ actor: actorSchema, courseId: z.uuid() });

/**
 * The course's settings in force, for its staff: who may host and add materials, the answer policy,
 * whether the XP leaderboard is on, quiz defaults and the tutor budgets (the course's own, else `defaults`, the deployment's).
 */
export async function getCourseSettings(
  db: Prisma,
  input: z.input<typeof courseSettingsInput>,
  defaults: BudgetRule[],
): Promise<CourseSettings> {
  const { actor, courseId } = courseSettingsInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return readSettings(db, courseId, defaults);
}

export const updateCourseSettingsInput = courseSettingsInput.extend({
  /** The settings to change, as a form gives them (see course-settings-fields.ts). */
  changes: z.record(z.string(), z.unknown()),
});

/**
 * Changes some of a course's settings. Staff only, and not in an archived (read-only) course; every
 * value is checked first and a bad one refuses the whole change (an InvalidInput naming each field),
 * so nothing is half-saved. One transaction; the audit names what changed (the answer policy in its
 * own "policy changed" entry). Returns the settings now in force.
 */
export async function updateCourseSettings(
  db: Prisma,
  input: z.input<typeof updateCourseSettingsInput>,
  defaults: BudgetRule[],
): Promise<CourseSettings> {
  const { actor, courseId, changes } = updateCourseSettingsInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  await requireOpenCourseById(db, courseId);
  const checked = checkCourseSettings(changes, defaults);
  if (!checked.ok)
    throw new AppError(ErrorCode.InvalidInput, "invalid course settings", {
      userMessage: Object.values(checked.errors).join(" "),
      details: { fields: checked.errors },
    });
  const patch = checked.patch;
  await db.$transaction(async (tx) => {
    const before = await readSettings(tx as Prisma, courseId, defaults);
    await saveCourseColumns(tx as Prisma, courseId, patch);
    for (const key of Object.keys(BUDGET_ROWS) as BudgetKey[])
      if (patch[key] !== undefined) await saveBudget(tx as Prisma, courseId, key, patch[key]);
    const { answerPolicy, ...details } = changedDetails(before, patch);
    const audit = { courseId, actorId: userId, actorPlatform: actor.platform, targetType: "course" as const };
    // The answer policy keeps its own entry, as the policy shortcuts have always written it.
    if (answerPolicy !== undefined)
      await recordAudit(tx, {
        ...audit,
        action: "course.policy_changed",
        targetId: courseId,
        details: { from: before.answerPolicy, to: answerPolicy },
      });
    if (Object.keys(details).length > 0)
      await recordAudit(tx, { ...audit, action: "course.settings_changed", targetId: courseId, details });
  });
  return readSettings(db, courseId, defaults);
}

async function readSettings(db: Prisma, courseId: string, defaults: BudgetRule[]): Promise<CourseSettings> {
  const course = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      hostPolicy: true,
      materialsPolicy: true,
      sessionsPolicy: true,
      answerPolicy: true,
      leaderboardEnabled: true,
      quizDefaults: true,
      budgets: true,
    },
  });
  const options = resolveQuizOptions(course.quizDefaults);
  const budgets = {} as Record<BudgetKey, BudgetSetting>;
  for (const [key, where] of Object.entries(BUDGET_ROWS) as Array<
    [BudgetKey, (typeof BUDGET_ROWS)[BudgetKey]]
  >) {
    const same = (r: BudgetRule) => r.scope === where.scope && r.windowSeconds === where.windowSeconds;
    const own = course.budgets.find(same);
    const fallback = defaults.find(same);
    const deployment = fallback?.[where.column] ?? null;
    budgets[key] = own
      ? { limit: own[where.column] ?? null, source: "course", fallback: deployment }
      : { limit: deployment, source: "default", fallback: deployment };
  }
  return {
    courseId,
    hostPolicy: course.hostPolicy,
    materialsPolicy: course.materialsPolicy,
    sessionsPolicy: course.sessionsPolicy,
    answerPolicy: course.answerPolicy,
    leaderboard: course.leaderboardEnabled,
    quiz: {
      secondsPerQuestion: options.secondsPerQuestion,
      scoring: options.scoring,
      streaks: options.streaks,
      showRankings: options.showRankings,
    },
    budgets,
  };
}

async function saveCourseColumns(tx: Prisma, courseId: string, patch: CourseSettingsPatch): Promise<void> {
  const quizChanges = QUIZ_KEYS.filter((k) => patch[k] !== undefined);
  const { quizDefaults } = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { quizDefaults: true },
  });
  const layer: Record<string, unknown> =
    quizDefaults && typeof quizDefaults === "object" && !Array.isArray(quizDefaults)
      ? { ...quizDefaults }
      : {};
  for (const key of quizChanges) layer[key] = patch[key];
  await tx.course.update({
    where: { id: courseId },
    data: {
      ...(patch.hostPolicy ? { hostPolicy: patch.hostPolicy } : {}),
      ...(patch.materialsPolicy ? { materialsPolicy: patch.materialsPolicy } : {}),
      ...(patch.sessionsPolicy ? { sessionsPolicy: patch.sessionsPolicy } : {}),
      ...(patch.answerPolicy ? { answerPolicy: patch.answerPolicy } : {}),
      ...(patch.leaderboard !== undefined ? { leaderboardEnabled: patch.leaderboard } : {}),
      ...(quizChanges.length > 0 ? { quizDefaults: layer as object } : {}),
    },
  });
}

/**
 * null: back to the deployment's default (the course's row goes); 0: no limit (a row that limits
 * nothing replaces the default, see budgetRules); more: the limit.
 */
async function saveBudget(tx: Prisma, courseId: string, key: BudgetKey, value: number | null): Promise<void> {
  const { scope, windowSeconds, column } = BUDGET_ROWS[key];
  const where = { courseId_scope_windowSeconds: { courseId, scope, windowSeconds } };
  if (value === null) {
    await tx.budget.deleteMany({ where: { courseId, scope, windowSeconds } });
    return;
  }
  const limit = value === 0 ? null : value;
  await tx.budget.upsert({
    where,
    create: { courseId, scope, windowSeconds, [column]: limit },
    update: { [column]: limit },
  });
}

function changedDetails(before: CourseSettings, patch: CourseSettingsPatch): AuditDetails {
  const details: AuditDetails = {};
  const was: Record<string, unknown> = {
    hostPolicy: before.hostPolicy,
    materialsPolicy: before.materialsPolicy,
    sessionsPolicy: before.sessionsPolicy,
    answerPolicy: before.answerPolicy,
    leaderboard: before.leaderboard,
    ...before.quiz,
    ...Object.fromEntries(
      Object.entries(before.budgets).map(([k, b]) => [k, b.source === "default" ? null : (b.limit ?? 0)]),
    ),
  };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || was[key] === value) continue;
    details[key] = value as string | number | boolean | null;
  }
  return details;
}
