// Linking channels to a course and running the course: setup, unlink, code, staff, course.
import { command, guildOnly } from "./command-builder.ts";

export const setup = command("setup", "Link this channel or the whole server to a course", guildOnly)
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

export const unlink = command(
  "unlink",
  "Unlink this channel or the whole server from its course",
  guildOnly,
).addStringOption((o) =>
  o
    .setName("scope")
    .setDescription("Unlink only this channel (default) or the whole server's link")
    .addChoices({ name: "this channel", value: "channel" }, { name: "whole server", value: "tenant" }),
);

export const code = command(
  "code",
  "A one-time code that links another channel to this course, no admin needed (course staff)",
).addStringOption((o) =>
  o.setName("course").setDescription("Another course you teach (default: this channel's)").setMaxLength(200),
);
export const staff = command(
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
export const course = command(
  "course",
  "Rename, archive or delete this channel's course: course staff",
  guildOnly,
)
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
