import { describeMember } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import { prefsModal } from "../../views/prefs-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall prefs`: opens the learning-preferences modal. Runs right after the ack rather than in the
 * background queue because Slack's trigger_id expires three seconds after the command.
 */
export async function runPrefsCommand(ctx: SlackContext, req: CommandRequest): Promise<void> {
  const { preferences } = await describeMember(ctx.deps.db, req.actor);
  await req.client.views.open({ trigger_id: req.command.trigger_id, view: prefsModal(preferences) });
}
