import type { App } from "@slack/bolt";
import type { SlackContext } from "../../slack-context.ts";
import { studyhallCommand } from "./studyhall-command.ts";

/** Slash commands: the one `/studyhall` command with its subcommands. */
export function register(app: App, ctx: SlackContext): void {
  app.command("/studyhall", studyhallCommand(ctx));
}
