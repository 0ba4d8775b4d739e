import { AppError, ErrorCode, type LeaderboardPeriod, type ProgressCommand } from "@studyhall/core";

/** The option getters of a slash command that this file reads (discord.js's resolver has them all). */
export interface ProgressOptionReader {
  getString(name: string): string | null;
  getBoolean(name: string): boolean | null;
}

/**
 * The progress command `/me`, `/leaderboard` or `/history` stands for, built from its options.
 * `/leaderboard hide:` changes whether the person is listed (true leaves, false joins again) instead of
 * showing the board.
 */
export function progressCommandOf(commandName: string, options: ProgressOptionReader): ProgressCommand {
  switch (commandName) {
    case "me":
      return { name: "me" };
    case "history":
      return { name: "history" };
    case "leaderboard": {
      const hidden = options.getBoolean("hide");
      if (hidden !== null) return { name: "leaderboard.hide", hidden };
      return { name: "leaderboard", period: periodOf(options.getString("period")) };
    }
    default:
      throw new AppError(ErrorCode.InvalidInput, `unknown progress command ${commandName}`, {
        userMessage: "StudyHall does not know that command. Try /help.",
      });
  }
}

function periodOf(value: string | null): LeaderboardPeriod {
  return value === "all" ? "all" : "week";
}
