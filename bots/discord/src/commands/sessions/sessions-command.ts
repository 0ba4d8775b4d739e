import { runSessionsCommand, type SessionsCommand } from "@studyhall/core";
import type { CommandHandler, CommandScope } from "../command-scope.ts";
import { showStudyReply } from "../study/show-study-reply.ts";
import { enterStudyPlace } from "../study/study-place.ts";
import { openScheduleForm } from "./session-schedule-form.ts";
import { sessionsCommandOf } from "./sessions-command-options.ts";

/**
 * `/session schedule|list|cancel` and `/calendar`: the options become a sessions command for core
 * (runSessionsCommand decides everything: who may schedule, what a time means, the words), answered
 * privately where it was asked. A schedule without its title or time opens the schedule form instead.
 */
export const sessionsCommand: CommandHandler = async (scope) => {
  const { interaction } = scope;
  const command = sessionsCommandOf(interaction.commandName, interaction.options);
  if ("form" in command) {
    await openScheduleForm(scope, command.title);
    return;
  }
  await runInPlace(scope, command);
};

/** Runs `command` for the person where they are and shows core's answer privately. */
export async function runInPlace(
  scope: Pick<CommandScope, "ctx" | "place" | "log" | "defer">,
  command: SessionsCommand,
): Promise<void> {
  const { ctx, place } = scope;
  // A DM is private already, and an ephemeral message there would vanish when the app reloads.
  const reply = await scope.defer({ ephemeral: place.space !== null });
  // In a course's channel the person is entered first (enrolled on first contact), as /ask does.
  const studyPlace = await enterStudyPlace(ctx, place, null);
  const shown = await runSessionsCommand(ctx.deps, {
    ...studyPlace,
    platformStaff: place.platformStaff,
    command,
  });
  scope.log.info({ command: command.name }, "sessions command");
  await showStudyReply(reply, shown);
}
