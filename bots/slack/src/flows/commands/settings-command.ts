import { enterSpace, getCourseSettings } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import { settingsModal } from "../../views/settings-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall settings`: opens the course settings modal for this channel's course. Core refuses
 * anyone who is not course staff before anything opens. Runs right after the ack: the trigger_id
 * expires three seconds after the command.
 */
export async function runSettingsCommand(ctx: SlackContext, req: CommandRequest): Promise<void> {
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const member = await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  const settings = await getCourseSettings(
    ctx.deps.db,
    { actor: req.actor, courseId: member.course.id },
    ctx.deps.tutor.limits,
  );
  await req.client.views.open({
    trigger_id: req.command.trigger_id,
    view: settingsModal(member.course.name, settings, {
      courseId: member.course.id,
      channel: req.command.channel_id,
    }),
  });
}
