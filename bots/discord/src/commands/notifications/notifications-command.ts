import { handleNotificationsAction, type ReplyAction, runNotificationsCommand } from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import { toDiscordMessages } from "../../render/to-discord-messages.ts";
import type { CommandHandler, InteractionScope } from "../command-scope.ts";
import { notificationsCommandOf } from "./notifications-command-options.ts";

/**
 * `/notifications show|read|kind|digest`: the options become a notifications command for core
 * (runNotificationsCommand decides everything), answered privately where it was asked. The inbox is
 * the person's own wherever they ask, so nobody joins the channel's course for it.
 */
export const notificationsCommand: CommandHandler = async (scope) => {
  const { interaction, ctx, place } = scope;
  const command = notificationsCommandOf(interaction.options);
  // A DM is private already, and an ephemeral message there would vanish when the app reloads.
  const reply = await scope.defer({ ephemeral: place.space !== null });
  const shown = await runNotificationsCommand(ctx.deps, { actor: place.actor, command });
  scope.log.info({ command: command.name }, "notifications command");
  await reply.show(toDiscordMessages({ ...shown, visibility: "private" }));
};

/**
 * "Mark all read" under a notification DM or the inbox: core marks the clicker's own inbox read; the
 * confirmation comes as a private follow-up, so the notification the button sits under stays readable.
 */
export async function notificationsButton(
  scope: InteractionScope<ButtonInteraction>,
  action: Extract<ReplyAction, { kind: "notifications.read" }>,
): Promise<void> {
  scope.errorsAsFollowUp = true;
  const reply = await scope.deferUpdate({ work: "study" });
  const answer = await handleNotificationsAction(scope.ctx.deps, { actor: scope.place.actor, action });
  scope.log.info({ action: action.kind }, "notifications click");
  for (const message of toDiscordMessages({ ...answer, visibility: "private" }))
    await reply.followUp(message);
}
