import {
  AppError,
  ErrorCode,
  type NotificationsCommand,
  parseNotificationsCommandText,
} from "@studyhall/core";

/** The option getters of a slash command that this file reads (discord.js's resolver has them all). */
export interface NotificationsOptionReader {
  getSubcommand(required?: boolean): string | null;
  getString(name: string): string | null;
  getInteger(name: string): number | null;
  getBoolean(name: string): boolean | null;
}

/**
 * The notifications command `/notifications <subcommand>` stands for. The options are put back into
 * the words core parses for Slack ("off grades", "digest on 7"), so both platforms accept and refuse
 * the same things with the same sentences.
 */
export function notificationsCommandOf(options: NotificationsOptionReader): NotificationsCommand {
  const sub = options.getSubcommand(false) ?? "show";
  const on = options.getBoolean("on") ? "on" : "off";
  const words = (() => {
    switch (sub) {
      case "show":
        return "";
      case "read":
        return "read";
      case "kind":
        return `${on} ${options.getString("kind") ?? ""}`;
      case "digest": {
        const hour = options.getInteger("hour");
        return on === "on" && hour !== null ? `digest on ${hour}` : `digest ${on}`;
      }
      default:
        return null;
    }
  })();
  const parsed = words === null ? null : parseNotificationsCommandText(words);
  if (!parsed) {
    throw new AppError(ErrorCode.InvalidInput, `unknown notifications subcommand ${sub}`, {
      userMessage: "StudyHall does not know that command. Try /help.",
    });
  }
  if ("error" in parsed) {
    throw new AppError(ErrorCode.InvalidInput, `notifications: ${parsed.error}`, {
      // Core's usage line names Slack's words; the command's own options say what Discord takes.
      userMessage: parsed.error.split("\nUsage:")[0]!,
    });
  }
  return parsed.command;
}
