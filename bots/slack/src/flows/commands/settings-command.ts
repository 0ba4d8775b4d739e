import {
  AppError,
  describeCourseSettings,
  ErrorCode,
  enterSpace,
  getCourseSettings,
  noticeReply,
  parseCourseSettingsText,
  updateCourseSettings,
} from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import { settingsModal } from "../../views/settings-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall settings`: opens the course settings modal for this channel's course; with settings
 * after it (`settings leaderboard off`, `settings hosts anyone seconds 20`) it changes those at once
 * and answers with the settings now in force. Core refuses anyone who is not course staff before
 * anything opens or changes, and checks every value (a bad one refuses the whole change). Runs right
 * after the ack: the trigger_id expires three seconds after the command.
 */
export async function runSettingsCommand(ctx: SlackContext, req: CommandRequest, text = ""): Promise<void> {
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const member = await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  const input = { actor: req.actor, courseId: member.course.id };
  if (text.trim()) {
    const parsed = parseCourseSettingsText(text);
    if ("error" in parsed)
      throw new AppError(ErrorCode.InvalidInput, "unreadable settings command", {
        userMessage: parsed.error,
      });
    const settings = await updateCourseSettings(
      ctx.deps.db,
      { ...input, changes: parsed.changes },
      ctx.deps.tutor.limits,
    );
    req.log.info(
      { courseId: member.course.id, fields: Object.keys(parsed.changes) },
      "course settings saved",
    );
    const heading = `Saved. The settings of **${member.course.name}** now:`;
    await req.reply(noticeReply("info", [heading, ...describeCourseSettings(settings)].join("\n")));
    return;
  }
  const settings = await getCourseSettings(ctx.deps.db, input, ctx.deps.tutor.limits);
  await req.client.views.open({
    trigger_id: req.command.trigger_id,
    view: settingsModal(member.course.name, settings, {
      courseId: member.course.id,
      channel: req.command.channel_id,
    }),
  });
}
