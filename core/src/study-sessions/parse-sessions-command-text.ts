import { SCHEDULE_USAGE, SESSIONS_USAGE, type SessionsCommand } from "./sessions-command.ts";

type Parsed = { command: SessionsCommand } | { error: string } | null;

/** Quoted titles (straight or curly quotes), key:"quoted values", or single words. */
const TOKENS = /[A-Za-z]+:"[^"]*"|[A-Za-z]+:“[^”]*”|"[^"]*"|“[^”]*”|\S+/g;

const unquote = (text: string) => text.replace(/^[A-Za-z]+:/, "").replace(/^["“]|["”]$/g, "");

/**
 * Parses a session or calendar command from its words, first word included: `session schedule "Week 3
 * review" thu 18:00 [weekly] [60m] [quiz:<words>] [deck:<words>]`, `session schedule` alone (the form),
 * `session list`, `session cancel <n>`, `calendar [course] [new|off]`. Null when the first word is
 * neither "session" nor "calendar", so a front end can try its other commands; never throws.
 */
export function parseSessionsCommandText(text: string): Parsed {
  const tokens = text.trim().match(TOKENS) ?? [];
  const [first, second, ...rest] = tokens;
  const head = first?.toLowerCase();
  if (head === "calendar")
    return parseCalendar([second, ...rest].filter((t): t is string => t !== undefined));
  if (head !== "session" && head !== "sessions") return null;
  const sub = second?.toLowerCase();
  if (sub === undefined || sub === "list") {
    return rest.length > 0 ? usage("`session list` takes nothing after it.") : { command: { name: "list" } };
  }
  if (sub === "cancel") {
    const [which, ...more] = rest;
    if (!which || more.length > 0)
      return usage("Say which session: `session cancel 2` (the number in `session list`).");
    return { command: { name: "cancel", session: which } };
  }
  if (sub === "schedule") return parseSchedule(rest);
  return usage(`\`${second?.slice(0, 30)}\` is not a session command.`);
}

function parseSchedule(tokens: string[]): Parsed {
  if (tokens.length === 0) return { command: { name: "schedule.form" } };
  const [titleToken, ...rest] = tokens;
  if (!titleToken || !/^["“]/.test(titleToken)) {
    return { error: `Put the title in quotes: ${SCHEDULE_USAGE}` };
  }
  const command: Extract<SessionsCommand, { name: "schedule" }> = {
    name: "schedule",
    title: unquote(titleToken),
    when: "",
  };
  const when: string[] = [];
  for (const token of rest) {
    const lower = token.toLowerCase();
    const minutes = /^(\d{1,3})(m|min|mins|minutes)$/.exec(lower);
    if (lower === "weekly") command.weekly = true;
    else if (minutes) command.minutes = Number(minutes[1]);
    else if (lower.startsWith("quiz:")) command.quiz = unquote(token);
    else if (lower.startsWith("deck:")) command.deck = unquote(token);
    else when.push(token);
  }
  if (when.length === 0) return { error: `Say when: ${SCHEDULE_USAGE}` };
  command.when = when.join(" ");
  return { command };
}

function parseCalendar(tokens: string[]): Parsed {
  let scope: "me" | "course" = "me";
  let action: "show" | "renew" | "off" = "show";
  for (const token of tokens) {
    const word = token.toLowerCase();
    if (word === "course") scope = "course";
    else if (word === "me" || word === "mine") scope = "me";
    else if (word === "new" || word === "renew") action = "renew";
    else if (word === "off") action = "off";
    else
      return usage(
        `\`${token.slice(0, 30)}\` is not a calendar option: say \`calendar [course] [new|off]\`.`,
      );
  }
  return { command: { name: "calendar", scope, action } };
}

function usage(problem: string): { error: string } {
  return { error: `${problem} Usage: ${SESSIONS_USAGE}` };
}
