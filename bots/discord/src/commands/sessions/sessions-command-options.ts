import { AppError, ErrorCode, type SessionsCommand } from "@studyhall/core";

/** The option getters of `/session` and `/calendar` that this file reads (discord.js's resolver has them). */
export interface SessionsOptionReader {
  getSubcommand(required?: boolean): string | null;
  getString(name: string): string | null;
  getInteger(name: string): number | null;
  getBoolean(name: string): boolean | null;
}

/** What the schedule form asks for: `/session schedule` without a title or a time opens it. */
export interface ScheduleFormStart {
  form: true;
  title: string | null;
}

/**
 * The sessions command `/session <subcommand>` or `/calendar` stands for, as core's front door takes
 * it; `{ form: true }` when a schedule lacks its title or time, so the person fills in the form. What
 * the values mean (a time in the past, an unknown quiz) is core's to judge.
 */
export function sessionsCommandOf(
  commandName: string,
  options: SessionsOptionReader,
): SessionsCommand | ScheduleFormStart {
  if (commandName === "calendar") {
    const scope = options.getString("scope") === "course" ? "course" : "me";
    const action = options.getString("action");
    return { name: "calendar", scope, action: action === "renew" || action === "off" ? action : "show" };
  }
  const sub = options.getSubcommand(false);
  switch (sub) {
    case "schedule":
      return scheduleOf(options);
    case "list":
      return { name: "list" };
    case "cancel":
      return { name: "cancel", session: options.getString("session")?.trim() ?? "" };
    default:
      throw new AppError(ErrorCode.InvalidInput, `unknown session subcommand ${sub}`, {
        userMessage: "Use `/session schedule`, `/session list` or `/session cancel`.",
      });
  }
}

function scheduleOf(options: SessionsOptionReader): SessionsCommand | ScheduleFormStart {
  const title = options.getString("title")?.trim() || null;
  const when = options.getString("when")?.trim() || null;
  if (!title || !when) return { form: true, title };
  const minutes = options.getInteger("minutes");
  const weekly = options.getBoolean("weekly");
  const quiz = options.getString("quiz")?.trim();
  const deck = options.getString("deck")?.trim();
  return {
    name: "schedule",
    title,
    when,
    ...(minutes !== null ? { minutes } : {}),
    ...(weekly !== null ? { weekly } : {}),
    ...(quiz ? { quiz } : {}),
    ...(deck ? { deck } : {}),
  };
}
