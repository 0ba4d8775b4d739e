// Commands about oneself, usable in DMs too: ask, prefs, link, help (/me is with progress).
import { command } from "./command-builder.ts";

export const ask = command("ask", "Ask the course tutor a question (answers come from the course materials)")
  .addStringOption((o) =>
    o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(2_000),
  )
  .addStringOption((o) =>
    o.setName("course").setDescription("In DMs: which of your courses").setAutocomplete(true),
  );

export const prefs = command("prefs", "How you like to be taught (detail, examples, pace)");
export const link = command(
  "link",
  "Link this Discord account to your StudyHall account elsewhere",
).addStringOption((o) =>
  o.setName("code").setDescription("The code shown on your course page").setRequired(true).setMaxLength(32),
);
export const help = command("help", "How to use StudyHall here");
