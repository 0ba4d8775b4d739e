import { answerPolicyChoices } from "@studyhall/core";
import { command, guildOnly } from "./command-builder.ts";

export const policy = command(
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
export const settings = command(
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
  .addBooleanOption((o) =>
    o.setName("leaderboard").setDescription("The course's XP leaderboard (weekly and all-time)"),
  )
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
