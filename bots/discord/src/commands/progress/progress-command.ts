import { runProgressCommand } from "@studyhall/core";
import type { CommandHandler } from "../command-scope.ts";
import { showStudyReply } from "../study/show-study-reply.ts";
import { enterStudyPlace } from "../study/study-place.ts";
import { progressCommandOf } from "./progress-command-options.ts";

/**
 * `/me`, `/leaderboard` and `/history`: the options become a progress command for core
 * (runProgressCommand decides everything), shown privately where it was asked. `/me` carries the
 * progress card as a picture whose description (Discord's alt text) is the card's alt text, under the
 * text fallback and the account summary.
 */
export const progressCommand: CommandHandler = async (scope) => {
  const { interaction, ctx, place } = scope;
  const command = progressCommandOf(interaction.commandName, interaction.options);
  const course = interaction.options.getString("course")?.trim() || null;
  // A DM is private already, and an ephemeral message there would vanish when the app reloads.
  const reply = await scope.defer({ ephemeral: place.space !== null });
  // `me` joins nobody to the channel's course, as it never has: it is about the person wherever they
  // ask (someone a roster removed still sees their own account, not a refusal).
  const progressPlace =
    command.name === "me"
      ? { actor: place.actor, space: place.space, ...(course ? { course } : {}) }
      : await enterStudyPlace(ctx, place, course);
  const shown = await runProgressCommand(
    ctx.deps,
    { ...progressPlace, command },
    {
      commands: { prefs: "/prefs", show: "/leaderboard hide:False", hide: "/leaderboard hide:True" },
    },
  );
  scope.log.info({ command: command.name, files: shown.files?.length ?? 0 }, "progress command");
  await showStudyReply(reply, shown);
};
