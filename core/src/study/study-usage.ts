/** One study command's syntax (after the front end's own command word) and what it does. */
export interface StudyUsage {
  syntax: string;
  what: string;
}

/** The study commands' usage, for each front end's help (prefixed with its command, e.g. "/studyhall"). */
export const STUDY_USAGE = {
  cards: { syntax: "cards", what: "your cards due today, your decks and study settings" },
  review: { syntax: "review", what: "review your due flashcards" },
  decks: { syntax: "decks", what: "the course's decks and your own" },
  deck: {
    syntax: "deck new <title> · deck generate [topic] · deck import <title> · deck export <deck>",
    what: "make, generate (staff), import (Anki or Quizlet text) or export (Anki .apkg) a deck",
  },
  card: { syntax: "card add <front> | <back> [| <hint>]", what: "add a card to your own deck" },
  study: {
    syntax: "study misses on|off · study nudge <hour>|off · study quiet <22-7>|off · study timezone <zone>",
    what: "cards from missed questions, a daily reminder when cards are due, quiet hours, your time zone",
  },
  practice: {
    syntax: "practice [quiz] [clock <seconds>] · practice history [quiz]",
    what: "practise an approved quiz alone, at your own pace; your history",
  },
  guide: {
    syntax: "guide <topic> · guide week <n> · guide materials <1,2,…> · guides",
    what: "a study guide written from the course's materials; the guides kept in the course",
  },
  writing: {
    syntax:
      "writing · writing submit <prompt> | <text> · writing results [prompt] · writing set <title> | <prompt> | <criterion>; <criterion>; <criterion> · writing generate [topic]",
    what: "writing prompts with rubric feedback (set and generate: staff)",
  },
} as const satisfies Record<string, StudyUsage>;
