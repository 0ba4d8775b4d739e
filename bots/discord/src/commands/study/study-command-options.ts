import { AppError, ErrorCode, parseStudyCommandText, type StudyCommand } from "@studyhall/core";

/** The option getters of a slash command that this file reads (discord.js's resolver has them all). */
export interface StudyOptionReader {
  getSubcommand(required?: boolean): string | null;
  getString(name: string): string | null;
  getInteger(name: string): number | null;
  getNumber(name: string): number | null;
  getBoolean(name: string): boolean | null;
}

/**
 * What a study slash command asks for: a command for core, or one of the two that need Discord first
 * (an import reads its attachment; writing opens a form).
 */
export type StudyRequest =
  | { kind: "run"; command: StudyCommand }
  | { kind: "import"; title: string | null }
  | { kind: "writing.form"; prompt: string };

/** The study command `/cards`, `/practice`, `/guide` or `/writing` stands for, built from its options. */
export function studyRequestOf(commandName: string, options: StudyOptionReader): StudyRequest {
  const sub = options.getSubcommand(false) ?? "";
  const text = (name: string) => options.getString(name)?.trim() || undefined;
  const run = (command: StudyCommand): StudyRequest => ({ kind: "run", command });
  switch (`${commandName} ${sub}`) {
    case "cards review":
      return run({ name: "review" });
    case "cards due":
      return run({ name: "cards" });
    case "cards decks":
      return run({ name: "decks" });
    case "cards new":
      return run({ name: "deck.create", title: text("title") ?? "" });
    case "cards add": {
      const hint = text("hint");
      const deck = text("deck");
      return run({
        name: "card.add",
        front: text("front") ?? "",
        back: text("back") ?? "",
        ...(hint ? { hint } : {}),
        ...(deck ? { deck } : {}),
      });
    }
    case "cards import":
      return { kind: "import", title: text("title") ?? null };
    case "cards export":
      return run({ name: "deck.export", deck: text("deck") ?? "" });
    case "cards generate": {
      const topic = text("topic");
      const count = options.getInteger("count");
      return run({ name: "deck.generate", ...(topic ? { topic } : {}), ...(count ? { count } : {}) });
    }
    case "cards settings":
      return run({ name: "study.settings", changes: settingsChanges(options) });
    case "practice start": {
      const quiz = text("quiz");
      const clockSec = options.getInteger("clock");
      if (clockSec !== null && !quiz) throw invalid("Name the quiz to practise with a clock.");
      return run({ name: "practice", ...(quiz ? { quiz } : {}), ...(clockSec ? { clockSec } : {}) });
    }
    case "practice history": {
      const quiz = text("quiz");
      return run({ name: "practice.history", ...(quiz ? { quiz } : {}) });
    }
    case "guide make":
      return run({ name: "guide", request: guideRequest(options) });
    case "guide list":
      return run({ name: "guides" });
    case "writing prompts":
      return run({ name: "writing" });
    case "writing submit":
      return { kind: "writing.form", prompt: text("prompt") ?? "" };
    case "writing results": {
      const prompt = text("prompt");
      return run({ name: "writing.results", ...(prompt ? { prompt } : {}) });
    }
    case "writing set":
      return run({
        name: "writing.set",
        title: text("title") ?? "",
        prompt: text("prompt") ?? "",
        criteria: (text("criteria") ?? "")
          .split(/[;\n]/)
          .map((c) => c.trim())
          .filter((c) => c.length > 0),
      });
    case "writing generate": {
      const topic = text("topic");
      return run({ name: "writing.generate", ...(topic ? { topic } : {}) });
    }
    default:
      throw new AppError(ErrorCode.InvalidInput, `unknown study subcommand ${commandName} ${sub}`, {
        userMessage: "StudyHall does not know that command. Try /help.",
      });
  }
}

type SettingsChanges = Extract<StudyCommand, { name: "study.settings" }>["changes"];

/**
 * The settings the person set. The nudge hour and quiet hours are typed ("6pm", "22-7", "off"), so they
 * are read by core's own study-text parser, which words every mistake.
 */
function settingsChanges(options: StudyOptionReader): SettingsChanges {
  const changes: SettingsChanges = {};
  const misses = options.getBoolean("misses");
  if (misses !== null) changes.cardsFromMisses = misses;
  const perDay = options.getInteger("new_per_day");
  if (perDay !== null) changes.newCardsPerDay = perDay;
  const retention = options.getNumber("retention");
  if (retention !== null) changes.desiredRetention = retention;
  const zone = options.getString("time_zone")?.trim();
  if (zone) changes.timeZone = zone;
  for (const setting of ["nudge", "quiet"] as const) {
    const value = options.getString(setting)?.trim();
    if (!value) continue;
    const parsed = parseStudyCommandText(`study ${setting} ${value}`);
    if (!parsed || "error" in parsed) throw invalid(parsed?.error.split("\n")[0] ?? "Check the setting.");
    if (parsed.command.name === "study.settings") Object.assign(changes, parsed.command.changes);
  }
  return changes;
}

/** A topic, a week, or materials by their list numbers ("1,3"); none: the whole course (core decides). */
function guideRequest(options: StudyOptionReader): Extract<StudyCommand, { name: "guide" }>["request"] {
  const topic = options.getString("topic")?.trim();
  const week = options.getInteger("week");
  const materials = options.getString("materials")?.trim();
  const materialNumbers = materials
    ? materials
        .split(/[\s,;]+/)
        .filter((n) => n.length > 0)
        .map(materialNumber)
    : undefined;
  return {
    ...(topic ? { topic } : {}),
    ...(week !== null ? { week } : {}),
    ...(materialNumbers ? { materialNumbers } : {}),
  };
}

function materialNumber(word: string): number {
  const n = Number(word);
  if (!Number.isInteger(n) || n < 1) {
    throw invalid(
      `“${word.slice(0, 20)}” is not a material number: give numbers from /materials list, like 1,3.`,
    );
  }
  return n;
}

function invalid(userMessage: string): AppError {
  return new AppError(ErrorCode.InvalidInput, "study option not understood", { userMessage });
}
