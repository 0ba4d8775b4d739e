import {
  addCourseStaff,
  describeCourseStaff,
  displayNameOf,
  listCourseStaff,
  noticeReply,
  removeCourseStaff,
} from "@studyhall/core";
import { courseForPlace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

/**
 * `/staff list|add|remove [user:]`: the staff of this channel's course, and co-teachers or TAs added or
 * removed by its staff. Core decides who may and keeps the last staff member; the answer is private.
 */
export const staffCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const { db } = scope.ctx.deps;
  const { options } = scope.interaction;
  const action = options.getSubcommand(true);
  const place = await courseForPlace(db, scope.place);
  const actor = scope.place.actor;
  let text: string;
  if (action === "list") {
    const staff = await listCourseStaff(db, { actor, courseId: place.courseId });
    text = describeCourseStaff(place.courseName, staff);
  } else {
    const user = options.getUser("user", true);
    const displayName = displayNameOf({ displayName: user.globalName, username: user.username });
    const person = {
      platform: "DISCORD" as const,
      tenant: "",
      externalId: user.id,
      ...(displayName ? { displayName } : {}),
    };
    const input = { actor, courseId: place.courseId, target: { person } };
    const change = action === "add" ? await addCourseStaff(db, input) : await removeCourseStaff(db, input);
    scope.log.info({ courseId: place.courseId, action, changed: change.changed }, "course staff");
    text = staffChangeText(action === "add", change.changed, change.name ?? "That person", place.courseName);
  }
  await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
};

function staffChangeText(add: boolean, changed: boolean, who: string, course: string): string {
  if (add)
    return changed ? `${who} is now staff of **${course}**.` : `${who} was already staff of **${course}**.`;
  return changed
    ? `${who} is no longer staff of **${course}** (they stay in the course as a student).`
    : `${who} is not staff of **${course}**; nothing changed.`;
}
