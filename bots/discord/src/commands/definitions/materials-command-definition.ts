import { command, guildOnly } from "./command-builder.ts";

export const materials = command("materials", "Course materials the tutor answers from", guildOnly)
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
