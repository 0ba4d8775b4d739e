// /notifications: the person's inbox and how they are notified. Usable in a server and in DMs; the
// answer is always private, as the inbox is the person's own.
import type { SlashCommandSubcommandsOnlyBuilder } from "discord.js";
import { command } from "./command-builder.ts";

/** The kinds as the command's choices: the same words Slack's `/studyhall notifications off …` takes. */
export const NOTIFICATION_KIND_CHOICES = [
  { name: "Cards due", value: "cards" },
  { name: "Study session reminders", value: "sessions" },
  { name: "Quiz results", value: "results" },
  { name: "Grades sent to the LMS", value: "grades" },
  { name: "Moderation flags (staff)", value: "flags" },
] as const;

export const notifications: SlashCommandSubcommandsOnlyBuilder = command(
  "notifications",
  "Your notifications: the inbox, marking it read, which kinds reach you, a daily digest",
)
  .addSubcommand((s) => s.setName("show").setDescription("Your inbox, newest first, unread marked"))
  .addSubcommand((s) => s.setName("read").setDescription("Mark every notification read"))
  .addSubcommand((s) =>
    s
      .setName("kind")
      .setDescription("Turn one kind of notification on or off (off: kept in the inbox, never messaged)")
      .addStringOption((o) =>
        o
          .setName("kind")
          .setDescription("Which kind")
          .setRequired(true)
          .addChoices(...NOTIFICATION_KIND_CHOICES),
      )
      .addBooleanOption((o) =>
        o.setName("on").setDescription("True: messaged; false: inbox only").setRequired(true),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("digest")
      .setDescription("One message a day instead of one per notification")
      .addBooleanOption((o) =>
        o.setName("on").setDescription("True: a daily digest; false: as they come").setRequired(true),
      )
      .addIntegerOption((o) =>
        o
          .setName("hour")
          .setDescription("The digest's hour in your time zone (0-23)")
          .setMinValue(0)
          .setMaxValue(23),
      ),
  );
