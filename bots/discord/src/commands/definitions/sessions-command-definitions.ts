// Study sessions: /session schedule|list|cancel in a course's channel (announced as the server's
// scheduled events), and /calendar, the secret calendar address of one's own sessions or a course's.
import type { SlashCommandOptionsOnlyBuilder, SlashCommandSubcommandsOnlyBuilder } from "discord.js";
import { command, guildOnly } from "./command-builder.ts";

/** The longest session a form or option accepts, in minutes (core decides the real limits). */
const MAX_MINUTES_OPTION = 24 * 60;

export const session: SlashCommandSubcommandsOnlyBuilder = command(
  "session",
  "Study sessions in this channel: schedule one, see what is coming, cancel",
  guildOnly,
)
  .addSubcommand((s) =>
    s
      .setName("schedule")
      .setDescription("Schedule a study session here (leave out the title for a form)")
      .addStringOption((o) => o.setName("title").setDescription("What the session is").setMaxLength(100))
      .addStringOption((o) =>
        o
          .setName("when")
          .setDescription('When it starts, in your time zone: "thu 18:00" or "2026-12-10 18:00"')
          .setMaxLength(60),
      )
      .addIntegerOption((o) =>
        o
          .setName("minutes")
          .setDescription("How long (default 60)")
          .setMinValue(1)
          .setMaxValue(MAX_MINUTES_OPTION),
      )
      .addBooleanOption((o) => o.setName("weekly").setDescription("True: every week at this time"))
      .addStringOption((o) =>
        o
          .setName("quiz")
          .setDescription("A live quiz that starts when the session does")
          .setAutocomplete(true)
          .setMaxLength(200),
      )
      .addStringOption((o) =>
        o
          .setName("deck")
          .setDescription("A flashcard deck to review")
          .setAutocomplete(true)
          .setMaxLength(200),
      ),
  )
  .addSubcommand((s) =>
    s.setName("list").setDescription("The coming study sessions of this channel's course"),
  )
  .addSubcommand((s) =>
    s
      .setName("cancel")
      .setDescription("Cancel a coming study session")
      .addStringOption((o) =>
        o
          .setName("session")
          .setDescription("Which session (its number in /session list)")
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(100),
      ),
  );

export const calendar: SlashCommandOptionsOnlyBuilder = command(
  "calendar",
  "A private calendar address (iCalendar) of study sessions, for Google, Outlook or Apple Calendar",
)
  .addStringOption((o) =>
    o
      .setName("scope")
      .setDescription("Your sessions in every course (default), or this channel's course")
      .addChoices({ name: "My sessions", value: "me" }, { name: "This course", value: "course" }),
  )
  .addStringOption((o) =>
    o
      .setName("action")
      .setDescription("Show the address (default), make a new one, or turn it off")
      .addChoices(
        { name: "Show", value: "show" },
        { name: "New address (the old one stops working)", value: "renew" },
        { name: "Turn off", value: "off" },
      ),
  );
