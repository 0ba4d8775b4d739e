// The study tools: /cards (flashcards), /practice (a quiz alone), /guide (study guides), /writing.
// Usable in a course's channel and in DMs; in a DM, someone in several courses names one with `course`.
import type {
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
  SlashCommandSubcommandsOnlyBuilder,
} from "discord.js";
import { command } from "./command-builder.ts";

/** Discord's own longest string option; the card limits are core's, which names them when refusing. */
const MAX_STRING_OPTION = 6_000;

const courseOption = (o: SlashCommandStringOption) =>
  o.setName("course").setDescription("In DMs: which of your courses").setAutocomplete(true).setMaxLength(100);

/** A subcommand with the `course` option last (options after the required ones). */
function sub(
  s: SlashCommandSubcommandBuilder,
  name: string,
  description: string,
  build: (s: SlashCommandSubcommandBuilder) => SlashCommandSubcommandBuilder = (x) => x,
): SlashCommandSubcommandBuilder {
  return build(s.setName(name).setDescription(description)).addStringOption(courseOption);
}

export const cards: SlashCommandSubcommandsOnlyBuilder = command(
  "cards",
  "Flashcards with spaced repetition: review what is due, decks, import and export",
)
  .addSubcommand((s) =>
    sub(s, "review", "Review your due cards in a DM: the front, Show, then how well you knew it"),
  )
  .addSubcommand((s) => sub(s, "due", "How many cards are due today, your decks and study settings"))
  .addSubcommand((s) => sub(s, "decks", "The course's decks and your own"))
  .addSubcommand((s) =>
    sub(s, "new", "Make a deck: a course deck (course staff) or your own", (x) =>
      x.addStringOption((o) =>
        o.setName("title").setDescription("The deck's title").setRequired(true).setMaxLength(120),
      ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "add", "Add a card (to your own deck unless you name one)", (x) =>
      x
        .addStringOption((o) =>
          o
            .setName("front")
            .setDescription("The question side")
            .setRequired(true)
            .setMaxLength(MAX_STRING_OPTION),
        )
        .addStringOption((o) =>
          o
            .setName("back")
            .setDescription("The answer side")
            .setRequired(true)
            .setMaxLength(MAX_STRING_OPTION),
        )
        .addStringOption((o) =>
          o.setName("hint").setDescription("A hint shown on request").setMaxLength(MAX_STRING_OPTION),
        )
        .addStringOption((o) =>
          o.setName("deck").setDescription("Which deck").setAutocomplete(true).setMaxLength(200),
        ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "import", "Import an Anki or Quizlet text export (front and back, tab- or comma-separated)", (x) =>
      x
        .addAttachmentOption((o) =>
          o.setName("file").setDescription("The exported .txt or .csv file").setRequired(true),
        )
        .addStringOption((o) =>
          o
            .setName("title")
            .setDescription("The new deck's title (default: the file's name)")
            .setMaxLength(120),
        ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "export", "A deck as an Anki package (.apkg)", (x) =>
      x.addStringOption((o) =>
        o
          .setName("deck")
          .setDescription("Which deck")
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(200),
      ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "generate", "Write a draft course deck from the materials: course staff", (x) =>
      x
        .addStringOption((o) =>
          o.setName("topic").setDescription("What it should be about").setMaxLength(200),
        )
        .addIntegerOption((o) =>
          o.setName("count").setDescription("How many cards (1-50)").setMinValue(1).setMaxValue(50),
        ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "settings", "Your study settings: leave every option out to see them", (x) =>
      x
        .addBooleanOption((o) =>
          o.setName("misses").setDescription("Questions you miss become cards due the next day"),
        )
        .addIntegerOption((o) =>
          o
            .setName("new_per_day")
            .setDescription("New cards introduced a day (0-200)")
            .setMinValue(0)
            .setMaxValue(200),
        )
        .addStringOption((o) =>
          o
            .setName("nudge")
            .setDescription("A daily DM when cards are due, at this hour (e.g. 18 or 6pm), or off")
            .setMaxLength(10),
        )
        .addStringOption((o) =>
          o.setName("quiet").setDescription("Quiet hours, e.g. 22-7, or off").setMaxLength(10),
        )
        .addStringOption((o) =>
          o.setName("time_zone").setDescription("Your time zone, e.g. America/Chicago").setMaxLength(64),
        )
        .addNumberOption((o) =>
          o
            .setName("retention")
            .setDescription("How much you aim to remember (0.70-0.97; default 0.90)")
            .setMinValue(0.7)
            .setMaxValue(0.97),
        ),
    ),
  );

export const practice: SlashCommandSubcommandsOnlyBuilder = command(
  "practice",
  "Practise an approved quiz alone, at your own pace; never graded",
)
  .addSubcommand((s) =>
    sub(s, "start", "Practise a quiz (leave out quiz to see the list)", (x) =>
      x
        .addStringOption((o) =>
          o.setName("quiz").setDescription("Which quiz").setAutocomplete(true).setMaxLength(200),
        )
        .addIntegerOption((o) =>
          o
            .setName("clock")
            .setDescription("Seconds per question (default: no clock)")
            .setMinValue(5)
            .setMaxValue(600),
        ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "history", "Your practice results: best and last score per quiz", (x) =>
      x.addStringOption((o) =>
        o.setName("quiz").setDescription("One quiz's runs").setAutocomplete(true).setMaxLength(200),
      ),
    ),
  );

export const guide: SlashCommandSubcommandsOnlyBuilder = command(
  "guide",
  "Study guides written from the course's materials, as Markdown and PDF",
)
  .addSubcommand((s) =>
    sub(s, "make", "A study guide for a topic, a week or chosen materials", (x) =>
      x
        .addStringOption((o) => o.setName("topic").setDescription("What it should cover").setMaxLength(200))
        .addIntegerOption((o) =>
          o.setName("week").setDescription("The course's week N").setMinValue(1).setMaxValue(60),
        )
        .addStringOption((o) =>
          o
            .setName("materials")
            .setDescription("Materials by their numbers in /materials list, e.g. 1,3")
            .setMaxLength(200),
        ),
    ),
  )
  .addSubcommand((s) => sub(s, "list", "The study guides kept in the course"));

export const writing: SlashCommandSubcommandsOnlyBuilder = command(
  "writing",
  "Writing practice: prompts with a rubric, feedback and a score",
)
  .addSubcommand((s) => sub(s, "prompts", "The course's writing prompts"))
  .addSubcommand((s) =>
    sub(s, "submit", "Write for a prompt in a form and get feedback", (x) =>
      x.addStringOption((o) =>
        o
          .setName("prompt")
          .setDescription("Which prompt")
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(200),
      ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "results", "Your writing results (course staff: everyone's)", (x) =>
      x.addStringOption((o) =>
        o.setName("prompt").setDescription("One prompt's results").setAutocomplete(true).setMaxLength(200),
      ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "set", "Set a writing prompt with a rubric: course staff", (x) =>
      x
        .addStringOption((o) =>
          o.setName("title").setDescription("The prompt's title").setRequired(true).setMaxLength(120),
        )
        .addStringOption((o) =>
          o.setName("prompt").setDescription("What to write").setRequired(true).setMaxLength(4_000),
        )
        .addStringOption((o) =>
          o
            .setName("criteria")
            .setDescription("3 to 5 rubric criteria separated by ; (e.g. Thesis; Evidence; Clarity)")
            .setRequired(true)
            .setMaxLength(1_000),
        ),
    ),
  )
  .addSubcommand((s) =>
    sub(s, "generate", "Write a draft prompt from the materials: course staff", (x) =>
      x.addStringOption((o) =>
        o.setName("topic").setDescription("What it should be about").setMaxLength(200),
      ),
    ),
  );
