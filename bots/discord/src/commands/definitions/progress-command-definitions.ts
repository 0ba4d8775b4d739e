// Progress: /me (the progress card and what StudyHall knows about you), /leaderboard and /history.
// Usable in a course's channel and in DMs; in a DM, someone in several courses names one with `course`.
import type { SlashCommandOptionsOnlyBuilder, SlashCommandStringOption } from "discord.js";
import { command } from "./command-builder.ts";

const courseOption = (o: SlashCommandStringOption) =>
  o.setName("course").setDescription("In DMs: which of your courses").setAutocomplete(true).setMaxLength(100);

export const me: SlashCommandOptionsOnlyBuilder = command(
  "me",
  "Your progress card (level, streak, XP, skills), courses, preferences and linked accounts",
).addStringOption((o) =>
  courseOption(o).setDescription("One course's progress (in DMs, leave out for all your courses)"),
);

export const leaderboard: SlashCommandOptionsOnlyBuilder = command(
  "leaderboard",
  "The course's leaderboard: XP this week or of all time",
)
  .addStringOption((o) =>
    o
      .setName("period")
      .setDescription("This week (default) or all time")
      .addChoices({ name: "This week", value: "week" }, { name: "All time", value: "all" }),
  )
  .addBooleanOption((o) =>
    o.setName("hide").setDescription("True: leave the leaderboards; false: be listed again"),
  )
  .addStringOption(courseOption);

export const history: SlashCommandOptionsOnlyBuilder = command(
  "history",
  "Your past games, practice and reviews, with scores",
).addStringOption(courseOption);
