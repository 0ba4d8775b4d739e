import {
  describeCourseSettings,
  getCourseSettings,
  noticeReply,
  updateCourseSettings,
} from "@studyhall/core";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

/** Each /settings option and the core setting it sets. */
const OPTIONS = {
  hosts: "hostPolicy",
  materials: "materialsPolicy",
  policy: "answerPolicy",
  seconds: "secondsPerQuestion",
  scoring: "scoring",
  streaks: "streaks",
  rankings: "showRankings",
  leaderboard: "leaderboard",
  questions_per_hour: "questionsPerStudentPerHour",
  tokens_per_student: "tokensPerStudentPerDay",
  tokens_per_course: "tokensPerCoursePerDay",
} as const;

/**
 * `/settings [options]`: the course's settings, for its staff. Without options it shows them; with
 * some it changes those (core checks every value and refuses the whole change naming each bad one).
 */
export const settingsCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  requireSpace(scope.place);
  const { db, tutor } = scope.ctx.deps;
  const course = await courseForPlace(db, scope.place);
  const changes: Record<string, unknown> = {};
  for (const [option, setting] of Object.entries(OPTIONS)) {
    const given = scope.interaction.options.get(option)?.value;
    if (given !== undefined && given !== null)
      changes[setting] = typeof given === "number" ? String(given) : given;
  }
  const input = { actor: scope.place.actor, courseId: course.courseId };
  const changing = Object.keys(changes).length > 0;
  const settings = changing
    ? await updateCourseSettings(db, { ...input, changes }, tutor.limits)
    : await getCourseSettings(db, input, tutor.limits);
  if (changing)
    scope.log.info({ courseId: course.courseId, fields: Object.keys(changes) }, "course settings saved");
  const heading = changing
    ? `Saved. The settings of **${course.courseName}** now:`
    : `The settings of **${course.courseName}** (change them with \`/settings\` and its options):`;
  const text = [heading, ...describeCourseSettings(settings)].join("\n");
  await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
};
