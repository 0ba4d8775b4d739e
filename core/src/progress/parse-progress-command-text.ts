import type { ProgressCommand } from "./progress-command.ts";
import { PROGRESS_USAGE } from "./progress-command.ts";

export type ProgressParse = { command: ProgressCommand; course?: string } | { error: string };

const LEADERBOARD_WORDS: Record<string, ProgressCommand> = {
  week: { name: "leaderboard", period: "week" },
  weekly: { name: "leaderboard", period: "week" },
  all: { name: "leaderboard", period: "all" },
  "all-time": { name: "leaderboard", period: "all" },
  alltime: { name: "leaderboard", period: "all" },
  hide: { name: "leaderboard.hide", hidden: true },
  show: { name: "leaderboard.hide", hidden: false },
};

/**
 * Parses the text after a front end's command word: "me", "leaderboard [week|all|hide|show]",
 * "history", each with an optional `in:<course-slug>` anywhere. Null when the first word is not a
 * progress word, so the front end can try its other commands; never throws.
 */
export function parseProgressCommandText(input: string): ProgressParse | null {
  const course = /(?:^|\s)in:([\w-]+)(?=\s|$)/i.exec(input);
  const text = (course ? input.replace(course[0], " ") : input).trim();
  const [first = "", ...words] = text.split(/\s+/);
  const parsed = parseWords(first.toLowerCase(), words);
  if (parsed === null || "error" in parsed) return parsed;
  return course ? { command: parsed.command, course: course[1]! } : parsed;
}

function parseWords(word: string, words: string[]): ProgressParse | null {
  switch (word) {
    case "me":
    case "history":
      return words.length > 0
        ? usageError(word, `\`${word}\` takes nothing after it but \`in:<course>\`.`)
        : { command: { name: word } };
    case "leaderboard":
    case "leaderboards": {
      if (words.length > 1) return usageError("leaderboard", "Give one word after `leaderboard`.");
      const chosen = LEADERBOARD_WORDS[(words[0] ?? "week").toLowerCase()];
      return chosen
        ? { command: chosen }
        : usageError("leaderboard", `\`${words[0]!.slice(0, 40)}\` is not a leaderboard choice.`);
    }
    default:
      return null;
  }
}

function usageError(key: keyof typeof PROGRESS_USAGE, message: string): { error: string } {
  return { error: `${message}\nUsage: \`${PROGRESS_USAGE[key]}\`` };
}
