import type { QuizOptionsLayer } from "@studyhall/core";
import { z } from "zod";

/** A `/studyhall quiz ...` subcommand with its arguments. */
export type QuizCommand =
  | {
      action: "start";
      /** Words of an approved quiz's title or topic, or its id; unset: the newest approved quiz. */
      quiz?: string;
      questions?: number;
      seconds?: number;
      options: QuizOptionsLayer;
    }
  | { action: "stop" }
  | { action: "drafts"; index?: number }
  | { action: "generate"; topic?: string; count?: number }
  | { action: "write"; title?: string }
  | { action: "results" }
  | { action: "export" };

export const QUIZ_USAGE = [
  "`/studyhall quiz start [topic or quiz] [questions=N] [seconds=N]`: run a live quiz here (course staff). Options: `teams=auto|groups|N`, `hide-rankings`, `allow-change`, `accuracy`, `no-streaks`, `podium=N`, `points=N`",
  "`/studyhall quiz stop`: end the quiz running in this channel",
  "`/studyhall quiz generate [topic] [count]`: write a draft quiz from the course materials (staff)",
  "`/studyhall quiz write [title]`: write a short quiz yourself in a form, ready to play (staff)",
  "`/studyhall quiz drafts [number]`: list drafts, or review one to approve or discard it (staff)",
  "`/studyhall quiz results`: the last quiz's report · `quiz export`: its results as CSV, sent to you privately (staff)",
].join("\n• ");

const int = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `${what} must be a whole number.` })
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max}.`);

/** `key=value` settings of `quiz start`, each checked with the core's limits. */
const START_SETTINGS = {
  questions: int(1, 100, "questions"),
  seconds: int(5, 300, "seconds"),
  podium: int(1, 10, "podium"),
  points: int(0, 10_000, "points"),
  reveal: int(3, 120, "reveal"),
} as const;

const FLAGS: Record<string, QuizOptionsLayer> = {
  "hide-rankings": { showRankings: false },
  "show-rankings": { showRankings: true },
  "allow-change": { allowAnswerChange: true },
  "no-change": { allowAnswerChange: false },
  accuracy: { scoring: "accuracy" },
  speed: { scoring: "speed" },
  "no-streaks": { streaks: false },
  streaks: { streaks: true },
  teams: { teams: "auto" },
};

/** Parses the words after `quiz`; a string is the problem to show (with the usage). */
export function parseQuizCommand(words: string[]): QuizCommand | string {
  const [action = "", ...args] = words;
  switch (action.toLowerCase()) {
    case "start":
    case "run":
      return parseStart(args);
    case "stop":
    case "end":
      return args.length ? "`quiz stop` takes nothing after it." : { action: "stop" };
    case "drafts":
    case "draft": {
      if (!args.length) return { action: "drafts" };
      const index = int(1, 25, "The draft number").safeParse(args[0]);
      return index.success && args.length === 1
        ? { action: "drafts", index: index.data }
        : "Give the number of a draft shown by `/studyhall quiz drafts`.";
    }
    case "generate":
    case "gen":
      return parseGenerate(args);
    case "write":
    case "new": {
      const title = args.join(" ").trim().slice(0, 200);
      return { action: "write", ...(title ? { title } : {}) };
    }
    case "results":
    case "report":
      return { action: "results" };
    case "export":
    case "csv":
      return { action: "export" };
    case "":
      return "Say what to do with quizzes.";
    default:
      return `I don't know \`quiz ${action.slice(0, 40)}\`.`;
  }
}

function parseStart(args: string[]): QuizCommand | string {
  const options: QuizOptionsLayer = {};
  const numbers: Record<string, number> = {};
  const words: string[] = [];
  const positional: number[] = [];
  for (const arg of args) {
    const setting = /^([a-z-]+)=(.*)$/i.exec(arg);
    if (setting) {
      const key = setting[1]!.toLowerCase();
      const value = setting[2]!;
      if (key === "teams") {
        const teams = parseTeams(value);
        if (typeof teams === "string") return teams;
        Object.assign(options, teams);
        continue;
      }
      const schema = START_SETTINGS[key as keyof typeof START_SETTINGS];
      if (!schema) return `I don't know the setting \`${key.slice(0, 30)}\`.`;
      const parsed = schema.safeParse(value);
      if (!parsed.success) return parsed.error.issues[0]?.message ?? `\`${key}\` is not valid.`;
      numbers[key] = parsed.data;
      continue;
    }
    const flag = FLAGS[arg.toLowerCase()];
    if (flag) Object.assign(options, flag);
    else if (/^\d+$/.test(arg)) positional.push(Number(arg));
    else words.push(arg);
  }
  // Bare numbers after the quiz's words: questions, then seconds (`quiz start cells 5 20`).
  for (const [i, value] of positional.entries()) {
    const key = (["questions", "seconds"] as const)[i];
    if (!key) return "Too many numbers: give `questions=N seconds=N`.";
    if (numbers[key] !== undefined) return `\`${key}\` is given twice.`;
    const parsed = START_SETTINGS[key].safeParse(value);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? `\`${key}\` is not valid.`;
    numbers[key] = parsed.data;
  }
  if (numbers.podium !== undefined) options.podiumSize = numbers.podium;
  if (numbers.points !== undefined) options.pointsPerQuestion = numbers.points;
  if (numbers.reveal !== undefined) options.revealSeconds = numbers.reveal;
  const quiz = words.join(" ").trim().slice(0, 200);
  return {
    action: "start",
    ...(quiz ? { quiz } : {}),
    ...(numbers.questions !== undefined ? { questions: numbers.questions } : {}),
    ...(numbers.seconds !== undefined ? { seconds: numbers.seconds } : {}),
    options,
  };
}

function parseTeams(value: string): QuizOptionsLayer | string {
  const lower = value.toLowerCase();
  if (lower === "off" || lower === "none") return { teams: "off" };
  if (lower === "auto" || lower === "balanced") return { teams: "auto" };
  if (["groups", "usergroups", "platform", "slack"].includes(lower)) return { teams: "platform" };
  const count = int(2, 8, "The number of teams").safeParse(value);
  if (count.success) return { teams: "auto", teamCount: count.data };
  return "`teams` is `auto`, `groups` (Slack user groups named “Team …”), `off`, or a number of teams from 2 to 8.";
}

function parseGenerate(args: string[]): QuizCommand | string {
  const words = [...args];
  let count: number | undefined;
  const last = words.at(-1);
  const setting = last ? /^(?:count=)?(\d+)$/i.exec(last) : null;
  if (setting) {
    const parsed = int(1, 20, "The number of questions").safeParse(setting[1]);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? "Ask for 1 to 20 questions.";
    count = parsed.data;
    words.pop();
  }
  const topic = words.join(" ").trim();
  if (topic.length > 200) return "Topics are at most 200 characters.";
  return {
    action: "generate",
    ...(topic ? { topic } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}
