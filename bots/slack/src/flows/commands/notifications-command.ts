import { type NotificationsCommand, runNotificationsCommand } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall notifications …` through core's notifications front door: the inbox (with its "Mark all
 * read" button), marking it read, a kind on or off, the daily digest. The inbox is the person's own
 * wherever they ask, so nobody joins the channel's course for it, and the answer is private.
 */
export async function runNotificationsFlow(
  ctx: SlackContext,
  req: CommandRequest,
  command: NotificationsCommand,
): Promise<void> {
  const reply = await runNotificationsCommand(ctx.deps, { actor: req.actor, command });
  req.log.info({ command: command.name }, "notifications command");
  await req.reply({ ...reply, visibility: "private" });
}
