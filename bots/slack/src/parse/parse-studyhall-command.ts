import {
  type AnswerPolicy,
  answerPolicySchema,
  type NotificationsCommand,
  PROGRESS_USAGE,
  type ProgressCommand,
  parseNotificationsCommandText,
  parseProgressCommandText,
  parseSessionsCommandText,
  parseStudyCommandText,
  STUDY_USAGE,
  type StudyCommand,
} from "@studyhall/core";
import { z } from "zod";
import type { SessionsRequest } from "../flows/commands/sessions-command.ts";
import { COURSE_USAGE, type CourseCommand, parseCourseCommand } from "./parse-course-command.ts";
import { parseQuizCommand, QUIZ_USAGE, type QuizCommand } from "./parse-quiz-command.ts";
import { CODE_USAGE, parseStaffCommand, STAFF_USAGE, type StaffCommand } from "./parse-staff-command.ts";

/** A `/studyhall` subcommand with its arguments, or why the text could not be understood. */
export type StudyhallCommand =
  | { name: "ask"; question: string }
  | { name: "setup"; course: { create: string } | { code: string } | null }
  | { name: "unlink" }
  | { name: "code"; course: string | null }
  | { name: "staff"; staff: StaffCommand }
  | { name: "course"; course: CourseCommand }
  | { name: "materials"; action: "list" }
  | { name: "materials"; action: "add"; url: string }
  | { name: "materials"; action: "remove"; index: number }
  | { name: "policy"; policy: AnswerPolicy }
  | { name: "prefs" }
  /** `text`: settings changed by name ("leaderboard off"); none opens the form. */
  | { name: "settings"; text?: string }
  | { name: "link"; code: string }
  /** `me`, `leaderboard …` and `history`: parsed by core, run by runProgressCommand. */
  | { name: "progress"; command: ProgressCommand; course?: string }
  /** `notifications …`: parsed by core, run by runNotificationsCommand. */
  | { name: "notifications"; command: NotificationsCommand }
  | { name: "quiz"; quiz: QuizCommand }
  /** `session …` and `calendar …`: parsed by core, run by runSessionsCommand; `session schedule` alone opens the form. */
  | { name: "sessions"; request: SessionsRequest }
  | { name: "help" }
  /** Flashcards, practice, study guides and writing: parsed by core, run by runStudyCommand. */
  | { name: "study"; command: StudyCommand; course?: string }
  | { name: "invalid"; message: string };

/** What `/studyhall help` shows, and the usage lines quoted by argument errors. */
export const USAGE = {
  ask: "`/studyhall ask <question>`: ask the tutor about this channel's course",
  setup:
    "`/studyhall setup <course name>`: link this channel to a new course, or `/studyhall setup code <CODE>` to link it to an existing one",
  unlink: "`/studyhall unlink`: unlink this channel from its course (the course and its materials are kept)",
  code: CODE_USAGE,
  staff: STAFF_USAGE,
  course: COURSE_USAGE,
  materials:
    "`/studyhall materials`: list the course's materials · `materials add <link>` · `materials remove <number>` (or share a file with me)",
  policy: "`/studyhall policy full|hints|socratic`: how the tutor answers (course staff)",
  prefs: "`/studyhall prefs`: your learning preferences",
  settings:
    "`/studyhall settings [<name> <value> …]`: the course's settings in a form, or changed by name (`settings leaderboard off`): who may host quizzes and add materials, answer policy, the XP leaderboard, quiz defaults, budgets (course staff)",
  link: "`/studyhall link <code>`: join this Slack account to your LMS, Clever or Discord account",
  me: `\`/studyhall ${PROGRESS_USAGE.me}\`: your progress card (level, streak, XP, skills), courses and settings`,
  leaderboard: `\`/studyhall ${PROGRESS_USAGE.leaderboard}\`: the course's leaderboard this week or of all time; \`hide\` takes you off leaderboards, \`show\` puts you back`,
  history: `\`/studyhall ${PROGRESS_USAGE.history}\`: your past games, practice and reviews, with scores`,
  notifications:
    "`/studyhall notifications`: your inbox · `notifications read` marks it all read · `notifications off|on cards|sessions|results|grades|flags` · `notifications digest on [hour]|off`: one message a day instead",
  quiz: QUIZ_USAGE,
  session:
    '`/studyhall session schedule "<title>" <day> <time> [weekly] [<minutes>m] [quiz:<words>] [deck:<words>]` (e.g. `session schedule "Week 3 review" thu 18:00 weekly 60m`; `session schedule` alone opens a form) · `session list` · `session cancel <number>`: study sessions in this channel\'s course, with reminders and an "I\'m here" thread',
  calendar:
    "`/studyhall calendar [course] [new|off]`: a private calendar link (iCalendar) of your study sessions, or of the course's; `new` replaces the link, `off` turns it off",
  help: "`/studyhall help`: this list",
} as const;

// Link codes are 8 characters from an alphabet without 0/O/1/I/L, shown as "K7Q4-M2XP".
const LINK_CODE = /^[2-9A-HJ-KM-NP-Z]{4}-?[2-9A-HJ-KM-NP-Z]{4}$/i;
const urlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u));

/** Parses the text after `/studyhall`. Never throws: bad input becomes `{ name: "invalid" }`. */
export function parseStudyhallCommand(text: string): StudyhallCommand {
  // The command escapes mentions (manifest.yml), so Slack sends & < > typed as text as entities.
  const trimmed = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
  const [word = "", ...restWords] = trimmed.split(/\s+/);
  const rest = trimmed.slice(word.length).trim();
  const study = parseStudyCommandText(trimmed);
  if (study) {
    return "error" in study
      ? { name: "invalid", message: study.error.replace(/Usage: `/g, "Usage: `/studyhall ") }
      : { name: "study", command: study.command, ...(study.course ? { course: study.course } : {}) };
  }
  const progress = parseProgressCommandText(trimmed);
  if (progress) {
    return "error" in progress
      ? { name: "invalid", message: progress.error.replace(/Usage: `/g, "Usage: `/studyhall ") }
      : {
          name: "progress",
          command: progress.command,
          ...(progress.course ? { course: progress.course } : {}),
        };
  }
  const missing = (name: keyof typeof USAGE, what: string): StudyhallCommand => ({
    name: "invalid",
    message: `${what}\nUsage: ${USAGE[name]}`,
  });
  switch (word.toLowerCase()) {
    case "":
    case "help":
      return { name: "help" };
    case "ask":
      return rest ? { name: "ask", question: rest } : missing("ask", "Type your question after `ask`.");
    case "setup":
      return parseSetup(rest);
    case "unlink":
      return rest
        ? missing("unlink", "`unlink` takes nothing after it: it unlinks the channel you type it in.")
        : { name: "unlink" };
    case "code":
      return { name: "code", course: rest || null };
    case "staff": {
      const staff = parseStaffCommand(restWords.filter(Boolean));
      return typeof staff === "string" ? missing("staff", staff) : { name: "staff", staff };
    }
    case "course": {
      const course = parseCourseCommand(rest);
      return typeof course === "string" ? missing("course", course) : { name: "course", course };
    }
    case "materials":
    case "material":
      return parseMaterials(restWords);
    case "policy": {
      const policy = answerPolicySchema.safeParse(rest);
      return policy.success
        ? { name: "policy", policy: policy.data }
        : missing("policy", "Choose `full`, `hints` or `socratic`.");
    }
    case "prefs":
    case "preferences":
      return { name: "prefs" };
    case "settings":
      return rest ? { name: "settings", text: rest } : { name: "settings" };
    case "link":
      return rest
        ? { name: "link", code: rest }
        : missing("link", "Type the code you were given after `link`.");
    case "notifications":
    case "notification":
      return parseNotifications(rest);
    case "session":
    case "sessions":
    case "calendar":
      return parseSessions(word.toLowerCase(), rest);
    case "quiz":
    case "quizzes": {
      const quiz = parseQuizCommand(restWords.filter(Boolean));
      return typeof quiz === "string"
        ? { name: "invalid", message: `${quiz}\nUsage:\n• ${QUIZ_USAGE}` }
        : { name: "quiz", quiz };
    }
    default:
      return {
        name: "invalid",
        message: `I don't know \`${word.slice(0, 40)}\`. Here is what I can do:\n${helpLines()}`,
      };
  }
}

function parseNotifications(rest: string): StudyhallCommand {
  const parsed = parseNotificationsCommandText(rest);
  if (!parsed) return { name: "invalid", message: `I don't know that.\nUsage: ${USAGE.notifications}` };
  return "error" in parsed
    ? { name: "invalid", message: parsed.error.replace(/Usage: `/g, "Usage: `/studyhall ") }
    : { name: "notifications", command: parsed.command };
}

function parseSessions(word: string, rest: string): StudyhallCommand {
  const parsed = parseSessionsCommandText(`${word} ${rest}`);
  if (!parsed) return { name: "invalid", message: `I don't know that.\nUsage: ${USAGE.session}` };
  if ("error" in parsed)
    return { name: "invalid", message: parsed.error.replace(/Usage: `/g, "Usage: `/studyhall ") };
  return {
    name: "sessions",
    request: parsed.command.name === "schedule.form" ? { form: "schedule" } : { command: parsed.command },
  };
}

function parseSetup(rest: string): StudyhallCommand {
  if (!rest) return { name: "setup", course: null };
  const codeWord = /^code\s+(\S+)$/i.exec(rest);
  if (codeWord) return { name: "setup", course: { code: codeWord[1]! } };
  if (LINK_CODE.test(rest)) return { name: "setup", course: { code: rest } };
  return { name: "setup", course: { create: rest } };
}

function parseMaterials(words: string[]): StudyhallCommand {
  const [action = "list", ...args] = words;
  const lower = action.toLowerCase();
  if (lower === "list") return { name: "materials", action: "list" };
  if (lower === "add" || /^<?https?:/i.test(action)) {
    const raw = lower === "add" ? args[0] : action;
    if (!raw) return { name: "invalid", message: `Give a link to add.\nUsage: ${USAGE.materials}` };
    // Slack may send links as <https://...> or <https://...|label>.
    const url = raw.replace(/^<([^|>]+)(\|[^>]*)?>$/, "$1");
    return urlSchema.safeParse(url).success
      ? { name: "materials", action: "add", url }
      : { name: "invalid", message: `\`${url.slice(0, 100)}\` is not an http(s) link.` };
  }
  if (lower === "remove" || lower === "delete") {
    const index = Number(args[0]);
    return Number.isInteger(index) && index >= 1
      ? { name: "materials", action: "remove", index }
      : {
          name: "invalid",
          message: `Give the number shown by \`/studyhall materials\`.\nUsage: ${USAGE.materials}`,
        };
  }
  return {
    name: "invalid",
    message: `I don't know \`materials ${action.slice(0, 40)}\`.\nUsage: ${USAGE.materials}`,
  };
}

/** Every subcommand's usage line, the study commands' (core's words) after the others. */
export function helpLines(): string {
  const study = Object.values(STUDY_USAGE).map(
    ({ syntax, what }) =>
      `${syntax
        .split(" · ")
        .map((form) => `\`/studyhall ${form}\``)
        .join(" · ")}: ${what}`,
  );
  const { help, ...others } = USAGE;
  return [...Object.values(others), ...study, help].map((line) => `• ${line}`).join("\n");
}
