import type { Reply, ReplyBlock, ReplyButton } from "../reply/reply.ts";

// The study tools' lists as neutral replies. Each takes only the fields it shows, so a list can be
// drawn from any use case's summary that has them.

/** Buttons per list: front ends show at most five in a row and a few rows in one message. */
const MAX_LIST_BUTTONS = 10;

interface DeckLine {
  id: string;
  title: string;
  kind: "COURSE" | "PERSONAL";
  status: "DRAFT" | "APPROVED" | "ARCHIVED";
  cardCount: number;
}

/** The decks, numbered for `deck export <n>`; drafts carry Approve/Discard for staff. */
export function decksReply(decks: DeckLine[], options: { staff: boolean; intro?: string }): Reply {
  const blocks: ReplyBlock[] = [];
  if (options.intro) blocks.push({ type: "text", text: options.intro });
  if (decks.length === 0) {
    blocks.push({
      type: "text",
      text: "No decks yet. Make one with `deck new <title>`, import one with `deck import <title>`, or save a tutor answer as a card.",
    });
    return { visibility: "private", blocks };
  }
  const lines = decks.map((deck, i) => {
    const whose = deck.kind === "PERSONAL" ? "yours" : "course";
    const draft = deck.status === "DRAFT" ? " · **draft**" : "";
    return `${i + 1}. **${deck.title}** (${whose}, ${plural(deck.cardCount, "card")})${draft}`;
  });
  blocks.push({ type: "text", text: lines.join("\n") });
  const buttons: ReplyButton[] = [];
  if (options.staff) {
    for (const deck of decks.filter((d) => d.status === "DRAFT")) {
      buttons.push(
        {
          label: `Approve ${short(deck.title)}`,
          action: { kind: "deck.approve", deckId: deck.id },
          style: "primary",
        },
        {
          label: `Discard ${short(deck.title)}`,
          action: { kind: "deck.discard", deckId: deck.id },
          style: "danger",
        },
      );
    }
  }
  if (buttons.length) blocks.push({ type: "buttons", buttons: buttons.slice(0, MAX_LIST_BUTTONS) });
  blocks.push({ type: "text", text: "_Export one for Anki with `deck export <number>`._" });
  return { visibility: "private", blocks };
}

interface SettingsLine {
  cardsFromMisses: boolean;
  newCardsPerDay: number;
  nudge: { hour: number } | false;
  quietHours: { start: number; end: number } | null;
  timeZone: string;
  /** Reviews the fitted FSRS weights came from; 0 while the defaults are used. */
  optimizedFromReviews: number;
}

interface Counts {
  dueNow: number;
  dueToday: number;
}

/** `cards`: what is due, the decks of this course, and the settings that shape reviews. */
export function cardsSummaryReply(input: {
  courseId: string | null;
  counts: Counts;
  decks: DeckLine[];
  settings: SettingsLine;
}): Reply {
  const { counts, decks, settings } = input;
  const blocks: ReplyBlock[] = [
    {
      type: "fields",
      fields: [
        { label: "Due now", value: String(counts.dueNow) },
        { label: "Due today", value: String(counts.dueToday) },
        { label: "Decks", value: input.courseId ? String(decks.length) : "in every course" },
        {
          label: "Daily reminder",
          value: settings.nudge ? `${hourText(settings.nudge.hour)} (${settings.timeZone})` : "off",
        },
      ],
    },
  ];
  if (counts.dueNow > 0) {
    blocks.push({
      type: "buttons",
      buttons: [
        {
          label: "Review now",
          action: { kind: "card.review", courseId: input.courseId ?? "" },
          style: "primary",
        },
      ],
    });
  }
  const misses = settings.cardsFromMisses ? "on" : "off";
  blocks.push({
    type: "text",
    text: `_Cards from missed quiz questions: ${misses}. Change it with \`study misses on|off\`._`,
  });
  return { visibility: "private", blocks };
}

/** The person's study settings. */
export function studySettingsReply(settings: SettingsLine, options: { changed: boolean }): Reply {
  const quiet = settings.quietHours
    ? `${hourText(settings.quietHours.start)}–${hourText(settings.quietHours.end)}`
    : "none";
  const blocks: ReplyBlock[] = [];
  if (options.changed) blocks.push({ type: "notice", tone: "info", text: "Saved your study settings." });
  blocks.push({
    type: "fields",
    fields: [
      { label: "Cards from missed questions", value: settings.cardsFromMisses ? "on" : "off" },
      { label: "New cards a day", value: String(settings.newCardsPerDay) },
      { label: "Daily reminder", value: settings.nudge ? hourText(settings.nudge.hour) : "off" },
      { label: "Quiet hours", value: quiet },
      { label: "Time zone", value: settings.timeZone },
      {
        label: "Schedule",
        value:
          settings.optimizedFromReviews > 0
            ? `fitted to your ${settings.optimizedFromReviews} reviews`
            : "FSRS defaults (fitted to you once you have enough reviews)",
      },
    ],
  });
  return { visibility: "private", blocks };
}

interface QuizLine {
  quizId: string;
  title: string;
  questions: number;
  runs: number;
  best: number | null;
  last: number | null;
}

/** Quizzes to practise, each with a Practise button. */
export function practiceQuizzesReply(quizzes: QuizLine[]): Reply {
  if (quizzes.length === 0) {
    return {
      visibility: "private",
      blocks: [{ type: "text", text: "There is no approved quiz to practise in this course yet." }],
    };
  }
  const lines = quizzes.map((quiz, i) => {
    const scores = quiz.runs > 0 ? ` · best ${percent(quiz.best)}, last ${percent(quiz.last)}` : "";
    return `${i + 1}. **${quiz.title}** (${plural(quiz.questions, "question")})${scores}`;
  });
  return {
    visibility: "private",
    blocks: [
      {
        type: "text",
        text: `Practise alone, at your own pace (nothing goes to the gradebook):\n${lines.join("\n")}`,
      },
      {
        type: "buttons",
        buttons: quizzes.slice(0, MAX_LIST_BUTTONS).map((quiz, i) => ({
          label: `Practise ${i + 1}`,
          action: { kind: "practice.start", quizId: quiz.quizId },
        })),
      },
      { type: "text", text: "_Add a clock with `practice <number> clock 30`._" },
    ],
  };
}

interface GuideLine {
  title: string;
  status: "WRITING" | "READY" | "FAILED";
  method: "MODEL" | "EXTRACTIVE";
}

/** The study guides kept in the course. */
export function guidesReply(guides: GuideLine[]): Reply {
  if (guides.length === 0) {
    return {
      visibility: "private",
      blocks: [
        { type: "text", text: "No study guides yet. Ask for one with `guide <topic>` or `guide week <n>`." },
      ],
    };
  }
  const lines = guides.map((guide, i) => {
    const state =
      guide.status === "READY" ? "" : guide.status === "WRITING" ? " · being written" : " · failed";
    const how = guide.method === "EXTRACTIVE" ? " · extractive" : "";
    return `${i + 1}. **${guide.title}**${how}${state}`;
  });
  return {
    visibility: "private",
    blocks: [{ type: "text", text: `Study guides in this course:\n${lines.join("\n")}` }],
  };
}

interface PromptLine {
  id: string;
  title: string;
  status: "DRAFT" | "APPROVED" | "ARCHIVED";
}

/** Writing prompts with a Write button each; drafts carry Approve/Discard for staff. */
export function writingPromptsReply(
  prompts: PromptLine[],
  options: { staff: boolean; intro?: string },
): Reply {
  const blocks: ReplyBlock[] = [];
  if (options.intro) blocks.push({ type: "text", text: options.intro });
  if (prompts.length === 0) {
    blocks.push({ type: "text", text: "No writing prompts in this course yet." });
    return { visibility: "private", blocks };
  }
  const lines = prompts.map(
    (p, i) => `${i + 1}. **${p.title}**${p.status === "DRAFT" ? " · **draft**" : ""}`,
  );
  blocks.push({ type: "text", text: lines.join("\n") });
  const buttons: ReplyButton[] = [];
  for (const [i, prompt] of prompts.entries()) {
    if (prompt.status === "APPROVED") {
      buttons.push({ label: `Write ${i + 1}`, action: { kind: "writing.open", promptId: prompt.id } });
    } else if (prompt.status === "DRAFT" && options.staff) {
      buttons.push(
        {
          label: `Approve ${i + 1}`,
          action: { kind: "writing.approve", promptId: prompt.id },
          style: "primary",
        },
        {
          label: `Discard ${i + 1}`,
          action: { kind: "writing.discard", promptId: prompt.id },
          style: "danger",
        },
      );
    }
  }
  if (buttons.length) blocks.push({ type: "buttons", buttons: buttons.slice(0, MAX_LIST_BUTTONS) });
  return { visibility: "private", blocks };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function percent(value: number | null): string {
  return value === null ? "–" : `${Math.round(value * 100)}%`;
}

function hourText(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

/** A deck title short enough for a button label with a verb in front. */
function short(title: string): string {
  return title.length > 30 ? `${title.slice(0, 29)}…` : title;
}
