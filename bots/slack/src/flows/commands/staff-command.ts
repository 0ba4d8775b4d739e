import {
  addCourseStaff,
  describeCourseStaff,
  enterSpace,
  listCourseStaff,
  noticeReply,
  removeCourseStaff,
} from "@studyhall/core";
import type { StaffCommand } from "../../parse/parse-staff-command.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall staff [add|remove @person]`: the staff of this channel's course, and co-teachers or TAs
 * added or removed by its staff. Core decides who may and keeps the last staff member; the answer is
 * private to whoever asked.
 */
export async function runStaffCommand(
  ctx: SlackContext,
  req: CommandRequest,
  staff: StaffCommand,
): Promise<void> {
  const { db } = ctx.deps;
  // Taking part in a linked channel joins its course, as every command does (a workspace admin as staff).
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const { course } = await enterSpace(db, { actor: req.actor, space: req.space, platformStaff });
  if (staff.action === "list") {
    const members = await listCourseStaff(db, { actor: req.actor, courseId: course.id });
    return req.reply(noticeReply("info", describeCourseStaff(course.name, members)));
  }
  const known = ctx.names.known(req.space.tenant, staff.userId);
  const target = { person: slackActor(req.space.tenant, staff.userId, known) };
  const input = { actor: req.actor, courseId: course.id, target };
  const change =
    staff.action === "add" ? await addCourseStaff(db, input) : await removeCourseStaff(db, input);
  req.log.info({ courseId: course.id, action: staff.action, changed: change.changed }, "course staff");
  // Their display name is looked up in the background, for the next staff list and leaderboards.
  ctx.names.refresh(req.client, req.space.tenant, staff.userId, req.log);
  const who = change.name ?? "That person";
  const text =
    staff.action === "add"
      ? change.changed
        ? `${who} is now staff of **${course.name}**.`
        : `${who} was already staff of **${course.name}**.`
      : change.changed
        ? `${who} is no longer staff of **${course.name}** (they stay in the course as a student).`
        : `${who} is not staff of **${course.name}**; nothing changed.`;
  await req.reply(noticeReply("info", text));
}
