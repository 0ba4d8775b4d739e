import type { StudyCommand, StudySettingsChanges } from "./study-command.ts";
import { STUDY_USAGE } from "./study-usage.ts";

export type StudyParse = { command: StudyCommand; course?: string } | { error: string };

const STUDY_WORDS = new Set([
  "cards",
  "review",
  "decks",
  "deck",
  "card",
  "study",
  "practice",
  "practise",
  "guide",
  "guides",
  "writing",
]);

/**
 * Parses the text after a front end's command word ("cards", "practice 2 clock 30", "guide week 3").
 * Null when the first word is not a study word, so the front end can try its other commands. A token
 * `in:<course-slug>` anywhere names the course (for a DM of someone in several courses). Never throws.
 */
export function parseStudyCommandText(input: string): StudyParse | null {
  const course = /(?:^|\s)in:([\w-]+)(?=\s|$)/i.exec(input);
  const text = (course ? input.replace(course[0], " ") : input).trim();
  const [first = "", ...words] = text.split(/\s+/);
  const word = first.toLowerCase();
  if (!STUDY_WORDS.has(word)) return null;
  const rest = text.slice(first.length).trim();
  const parsed = parseWord(word, words, rest);
  if ("error" in parsed) return parsed;
  return course ? { command: parsed.command, course: course[1]! } : parsed;
}

function parseWord(word: string, words: string[], rest: string): StudyParse {
  switch (word) {
    case "cards":
    case "review":
    case "decks":
    case "guides":
      return rest
        ? usageError(word === "guides" ? "guide" : word, `\`${word}\` takes nothing after it.`)
        : { command: { name: word } };
    case "deck":
      return parseDeck(words, rest);
    case "card":
      return parseCard(rest);
    case "study":
      return parseSettings(words);
    case "practice":
    case "practise":
      return parsePractice(words, rest);
    case "guide":
      return parseGuide(words, rest);
    default:
      return parseWriting(words, rest);
  }
}

function usageError(key: keyof typeof STUDY_USAGE, message: string): { error: string } {
  return { error: `${message}\nUsage: \`${STUDY_USAGE[key].syntax}\`` };
}

function afterWord(rest: string): string {
  return rest.replace(/^\S+\s*/, "").trim();
}

function parseDeck(words: string[], rest: string): StudyParse {
  const action = (words[0] ?? "").toLowerCase();
  const arg = afterWord(rest);
  switch (action) {
    case "new":
    case "create":
      return arg
        ? { command: { name: "deck.create", title: arg } }
        : usageError("deck", "Give the deck a title.");
    case "generate": {
      const count = /\bcount\s+(\d{1,3})\b/i.exec(arg);
      const topic = (count ? arg.replace(count[0], " ") : arg).trim();
      return {
        command: {
          name: "deck.generate",
          ...(topic ? { topic } : {}),
          ...(count ? { count: Number(count[1]) } : {}),
        },
      };
    }
    case "import": {
      const [titleLine = "", ...lines] = arg.split("\n");
      const title = titleLine.trim();
      if (!title) return usageError("deck", "Give the new deck a title after `deck import`.");
      return { command: { name: "deck.import", title, text: lines.join("\n") } };
    }
    case "export":
      return arg
        ? { command: { name: "deck.export", deck: arg } }
        : usageError("deck", "Name the deck to export (its number from `decks`).");
    default:
      return usageError(
        "deck",
        action ? `I don't know \`deck ${action.slice(0, 30)}\`.` : "What should I do with a deck?",
      );
  }
}

function parseCard(rest: string): StudyParse {
  const body = /^add\b/i.test(rest) ? afterWord(rest) : rest;
  const [front = "", back = "", hint, ...extra] = body.split("|").map((part) => part.trim());
  if (!front || !back || extra.length > 0) {
    return usageError("card", "Write the front and the back, separated by `|`.");
  }
  return { command: { name: "card.add", front, back, ...(hint ? { hint } : {}) } };
}

function parseHour(value: string): number | null {
  const m = /^(\d{1,2})(?::00)?\s*(am|pm)?$/i.exec(value.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const half = m[2]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === "pm" ? 12 : 0);
  }
  return hour >= 0 && hour <= 23 ? hour : null;
}

function parseSettings(words: string[]): StudyParse {
  const [setting = "", value = "", ...more] = words.map((w) => w.trim());
  const onOff = (v: string) =>
    /^(on|yes|true)$/i.test(v) ? true : /^(off|no|false)$/i.test(v) ? false : null;
  const changes: StudySettingsChanges = {};
  switch (setting.toLowerCase()) {
    case "":
    case "settings":
      return { command: { name: "study.settings", changes } };
    case "misses": {
      const on = onOff(value);
      if (on === null || more.length)
        return usageError("study", "Say `study misses on` or `study misses off`.");
      changes.cardsFromMisses = on;
      break;
    }
    case "nudge":
    case "reminder": {
      if (onOff(value) === false) changes.nudge = false;
      else {
        const hour = parseHour([value, ...more].join(" "));
        if (hour === null)
          return usageError(
            "study",
            "Give the hour for your daily reminder, like `study nudge 18` or `study nudge 6pm`, or `off`.",
          );
        changes.nudge = { hour };
      }
      break;
    }
    case "quiet": {
      if (onOff(value) === false) changes.quietHours = null;
      else {
        const m = /^(\d{1,2})-(\d{1,2})$/.exec(value);
        const start = m ? Number(m[1]) : Number.NaN;
        const end = m ? Number(m[2]) : Number.NaN;
        if (!(start >= 0 && start <= 23 && end >= 0 && end <= 23) || start === end) {
          return usageError(
            "study",
            "Give quiet hours as two different hours, like `study quiet 22-7`, or `off`.",
          );
        }
        changes.quietHours = { start, end };
      }
      break;
    }
    case "timezone":
    case "tz":
      if (!value || more.length)
        return usageError("study", "Give your time zone, like `study timezone America/Chicago`.");
      changes.timeZone = value;
      break;
    case "new": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 200)
        return usageError("study", "Give how many new cards a day, from 0 to 200.");
      changes.newCardsPerDay = n;
      break;
    }
    default:
      return usageError("study", `I don't know the setting \`${setting.slice(0, 30)}\`.`);
  }
  return { command: { name: "study.settings", changes } };
}

function parsePractice(words: string[], rest: string): StudyParse {
  if ((words[0] ?? "").toLowerCase() === "history") {
    const quiz = afterWord(rest);
    return { command: { name: "practice.history", ...(quiz ? { quiz } : {}) } };
  }
  const clock = /\bclock\s+(\d{1,4})\s*s?\b/i.exec(rest);
  const quiz = (clock ? rest.replace(clock[0], " ") : rest).trim();
  if (clock) {
    const seconds = Number(clock[1]);
    if (seconds < 5 || seconds > 600)
      return usageError("practice", "A clock is 5 to 600 seconds a question.");
    if (!quiz) return usageError("practice", "Name the quiz to practise with a clock.");
    return { command: { name: "practice", quiz, clockSec: seconds } };
  }
  return { command: { name: "practice", ...(quiz ? { quiz } : {}) } };
}

function parseGuide(words: string[], rest: string): StudyParse {
  if (!rest) return usageError("guide", "Say what the guide should cover.");
  const first = (words[0] ?? "").toLowerCase();
  const week = /^week\s+(\d{1,2})$/i.exec(rest);
  if (week) return { command: { name: "guide", request: { week: Number(week[1]) } } };
  if (first === "materials" || first === "material") {
    const numbers = afterWord(rest)
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1)) {
      return usageError(
        "guide",
        "Give the materials' numbers from the materials list, like `guide materials 1,3`.",
      );
    }
    return { command: { name: "guide", request: { materialNumbers: numbers } } };
  }
  return { command: { name: "guide", request: { topic: rest } } };
}

function parseWriting(words: string[], rest: string): StudyParse {
  const action = (words[0] ?? "").toLowerCase();
  const arg = afterWord(rest);
  switch (action) {
    case "":
    case "prompts":
      return { command: { name: "writing" } };
    case "results":
      return { command: { name: "writing.results", ...(arg ? { prompt: arg } : {}) } };
    case "generate":
      return { command: { name: "writing.generate", ...(arg ? { topic: arg } : {}) } };
    case "set": {
      const [title = "", prompt = "", criteria = ""] = arg.split("|").map((p) => p.trim());
      const list = criteria
        .split(";")
        .map((c) => c.trim())
        .filter(Boolean);
      if (!title || !prompt || list.length === 0) {
        return usageError(
          "writing",
          "Give a title, the prompt and 3 to 5 criteria, separated by `|` and `;`.",
        );
      }
      return { command: { name: "writing.set", title, prompt, criteria: list } };
    }
    case "submit": {
      const bar = arg.indexOf("|");
      const numbered = /^(\d{1,3})\s+([\s\S]+)$/.exec(arg);
      const [prompt, body] =
        bar > 0
          ? [arg.slice(0, bar).trim(), arg.slice(bar + 1).trim()]
          : numbered
            ? [numbered[1]!, numbered[2]!.trim()]
            : ["", ""];
      if (!prompt || !body) return usageError("writing", "Name the prompt (its number) and then your text.");
      return { command: { name: "writing.submit", prompt, text: body } };
    }
    default:
      return usageError("writing", `I don't know \`writing ${action.slice(0, 30)}\`.`);
  }
}
