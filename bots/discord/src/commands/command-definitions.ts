import { answerPolicyChoices } from "@studyhall/core";
import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from "discord.js";

// The application commands, declared once: `studyhall discord register` sends them to Discord and the
// tests dispatch interactions shaped by them. Who may do what is decided in core (course staff), not
// by default_member_permissions, so a configured course-staff role works without a Discord permission.

const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM];
const guildOnly = [InteractionContextType.Guild];

function command(name: string, description: string, contexts = everywhere): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(contexts)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

const ask = command("ask", "Ask the course tutor a question (answers come from the course materials)")
  .addStringOption((o) =>
    o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(2_000),
  )
  .addStringOption((o) =>
    o.setName("course").setDescription("In DMs: which of your courses").setAutocomplete(true),
  );

const setup = command("setup", "Link this channel or the whole server to a course", guildOnly)
  .addStringOption((o) =>
    o
      .setName("course")
      .setDescription("A new course's name, or one of your courses")
      .setAutocomplete(true)
      .setMaxLength(200),
  )
  .addStringOption((o) =>
    o.setName("code").setDescription("A link code from your course page (LMS) or a teacher").setMaxLength(32),
  )
  .addStringOption((o) =>
    o
      .setName("scope")
      .setDescription("Link only this channel (default) or every channel of the server")
      .addChoices({ name: "this channel", value: "channel" }, { name: "whole server", value: "tenant" }),
  );

const unlink = command(
  "unlink",
  "Unlink this channel or the whole server from its course",
  guildOnly,
).addStringOption((o) =>
  o
    .setName("scope")
    .setDescription("Unlink only this channel (default) or the whole server's link")
    .addChoices({ name: "this channel", value: "channel" }, { name: "whole server", value: "tenant" }),
);

const course = command("course", "Rename, archive or delete this channel's course: course staff", guildOnly)
  .addSubcommand((s) =>
    s
      .setName("rename")
      .setDescription("Give the course a new name (its links keep working)")
      .addStringOption((o) =>
        o.setName("name").setDescription("The new name").setRequired(true).setMaxLength(200),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("archive")
      .setDescription("Make the course read-only and hide it from pickers (the tutor still answers)"),
  )
  .addSubcommand((s) => s.setName("unarchive").setDescription("Reopen an archived course"))
  .addSubcommand((s) =>
    s
      .setName("delete")
      .setDescription("Delete the course and everything in it, for good")
      .addStringOption((o) =>
        o
          .setName("confirm")
          .setDescription("Type the course's name to confirm: this cannot be undone")
          .setRequired(true)
          .setMaxLength(200),
      ),
  );

const materials = command("materials", "Course materials the tutor answers from", guildOnly)
  .addSubcommand((s) =>
    s
      .setName("add")
      .setDescription("Add a file or a link (PDF, Word, Markdown, HTML, text): course staff only")
      .addAttachmentOption((o) => o.setName("file").setDescription("The file (or give url:)"))
      .addStringOption((o) =>
        o
          .setName("url")
          .setDescription("A public http(s) link to the file (or attach file:)")
          .setMaxLength(2_000),
      )
      .addStringOption((o) => o.setName("title").setDescription("Title to cite").setMaxLength(300)),
  )
  .addSubcommand((s) => s.setName("list").setDescription("List the course's materials"))
  .addSubcommand((s) =>
    s
      .setName("remove")
      .setDescription("Remove a material: course staff only")
      .addStringOption((o) =>
        o.setName("material").setDescription("Which material").setRequired(true).setAutocomplete(true),
      ),
  );

const policy = command(
  "policy",
  "How the tutor answers in this course (course staff)",
  guildOnly,
).addStringOption((o) =>
  o
    .setName("mode")
    .setDescription("Leave empty to see the current policy")
    .addChoices(...answerPolicyChoices().map((p) => ({ name: p.label, value: p.value }))),
);

const who = [
  { name: "course staff only", value: "staff" },
  { name: "anyone in the course", value: "anyone" },
];
const numberHelp = (what: string) => `${what}: a number, or "default"`;
const settings = command(
  "settings",
  "The course's settings: show them, or change the ones you give (course staff)",
  guildOnly,
)
  .addStringOption((o) =>
    o
      .setName("hosts")
      .setDescription("Who may start live quizzes")
      .addChoices(...who),
  )
  .addStringOption((o) =>
    o
      .setName("materials")
      .setDescription("Who may add materials")
      .addChoices(...who),
  )
  .addStringOption((o) =>
    o
      .setName("policy")
      .setDescription("How the tutor answers")
      .addChoices(...answerPolicyChoices().map((p) => ({ name: p.label, value: p.value }))),
  )
  .addStringOption((o) =>
    o
      .setName("seconds")
      .setDescription('Seconds per quiz question (5 to 300), or "default"')
      .setMaxLength(12),
  )
  .addStringOption((o) =>
    o
      .setName("scoring")
      .setDescription("Quiz scoring")
      .addChoices({ name: "speed", value: "speed" }, { name: "accuracy", value: "accuracy" }),
  )
  .addBooleanOption((o) => o.setName("streaks").setDescription("Streak bonus in quizzes"))
  .addBooleanOption((o) => o.setName("rankings").setDescription("Show the leaderboard and podium"))
  .addStringOption((o) =>
    o
      .setName("questions_per_hour")
      .setDescription(numberHelp("Tutor questions per student per hour"))
      .setMaxLength(12),
  )
  .addStringOption((o) =>
    o
      .setName("tokens_per_student")
      .setDescription(numberHelp("AI tokens per student per day"))
      .setMaxLength(12),
  )
  .addStringOption((o) =>
    o
      .setName("tokens_per_course")
      .setDescription(numberHelp("AI tokens for the course per day"))
      .setMaxLength(12),
  );

const quiz = command("quiz", "Live quizzes in this channel, from the course's materials", guildOnly)
  .addSubcommand((s) =>
    s
      .setName("start")
      .setDescription("Open a live quiz lobby here: course staff (or anyone, if the course allows)")
      .addStringOption((o) =>
        o
          .setName("quiz")
          .setDescription("Which approved quiz (default: the newest)")
          .setAutocomplete(true)
          .setMaxLength(200),
      )
      .addIntegerOption((o) =>
        o
          .setName("questions")
          .setDescription("Play only the first N questions")
          .setMinValue(1)
          .setMaxValue(100),
      )
      .addIntegerOption((o) =>
        o.setName("seconds").setDescription("Seconds per question").setMinValue(5).setMaxValue(300),
      )
      .addStringOption((o) =>
        o
          .setName("teams")
          .setDescription("Play in teams")
          .addChoices(
            { name: "no teams", value: "off" },
            { name: "balanced teams", value: "auto" },
            { name: "from roles named “Team …”", value: "roles" },
          ),
      )
      .addBooleanOption((o) =>
        o
          .setName("hide_rankings")
          .setDescription("No public leaderboard: everyone sees only their own result"),
      )
      .addBooleanOption((o) =>
        o.setName("allow_change").setDescription("Players may change their answer once"),
      )
      .addStringOption((o) =>
        o
          .setName("scoring")
          .setDescription("How answers score")
          .addChoices(
            { name: "speed: faster right answers score more", value: "speed" },
            { name: "accuracy only", value: "accuracy" },
          ),
      )
      .addBooleanOption((o) => o.setName("streaks").setDescription("Bonus for right answers in a row")),
  )
  .addSubcommand((s) => s.setName("stop").setDescription("End the live quiz in this channel (host or staff)"))
  .addSubcommand((s) =>
    s
      .setName("drafts")
      .setDescription("Review generated quizzes before they are played: course staff")
      .addStringOption((o) =>
        o
          .setName("quiz")
          .setDescription("Which draft (default: the newest)")
          .setAutocomplete(true)
          .setMaxLength(200),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("generate")
      .setDescription("Write a draft quiz from the course materials: course staff")
      .addStringOption((o) => o.setName("topic").setDescription("What it should be about").setMaxLength(200))
      .addIntegerOption((o) =>
        o.setName("count").setDescription("How many questions (1-20)").setMinValue(1).setMaxValue(20),
      ),
  )
  .addSubcommand((s) =>
    s.setName("write").setDescription("Write a short quiz yourself in a form, ready to play: course staff"),
  )
  .addSubcommand((s) => s.setName("results").setDescription("The report of the last quiz played here"))
  .addSubcommand((s) =>
    s.setName("export").setDescription("The last quiz's results as a CSV file: course staff"),
  );

const prefs = command("prefs", "How you like to be taught (detail, examples, pace)");
const link = command("link", "Link this Discord account to your StudyHall account elsewhere").addStringOption(
  (o) =>
    o.setName("code").setDescription("The code shown on your course page").setRequired(true).setMaxLength(32),
);
const code = command(
  "code",
  "A one-time code that links another channel to this course, no admin needed (course staff)",
).addStringOption((o) =>
  o.setName("course").setDescription("Another course you teach (default: this channel's)").setMaxLength(200),
);
const staff = command(
  "staff",
  "Who teaches this channel's course; course staff add or remove co-teachers and TAs",
  guildOnly,
)
  .addSubcommand((s) => s.setName("list").setDescription("The course's staff"))
  .addSubcommand((s) =>
    s
      .setName("add")
      .setDescription("Make someone staff of the course: course staff only")
      .addUserOption((o) => o.setName("user").setDescription("Who").setRequired(true)),
  )
  .addSubcommand((s) =>
    s
      .setName("remove")
      .setDescription("Make a staff member a student again: course staff only")
      .addUserOption((o) => o.setName("user").setDescription("Who").setRequired(true)),
  );
const me = command("me", "What StudyHall knows about you: courses, preferences, linked accounts");
const help = command("help", "How to use StudyHall here");

/** The application command definitions (JSON), for registration and tests. */
export const commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = Object.freeze(
  [ask, setup, unlink, code, staff, course, materials, policy, settings, quiz, prefs, link, me, help].map(
    (c) => c.toJSON(),
  ),
);
