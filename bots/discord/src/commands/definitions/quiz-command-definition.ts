import { command, guildOnly } from "./command-builder.ts";

export const quiz = command("quiz", "Live quizzes in this channel, from the course's materials", guildOnly)
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
