import { archiveCourse, deleteCourse, noticeReply, renameCourse } from "@studyhall/core";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

/**
 * `/course rename|archive|unarchive|delete`: upkeep of this channel's course. Core decides who may
 * (course staff) and words every refusal. Deleting cannot be undone, so `delete` requires the course's
 * name typed in its `confirm:` option.
 */
export const courseCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const options = scope.interaction.options;
  const action = options.getSubcommand(true);
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const { actor } = scope.place;
  const { courseId, courseName } = await courseForPlace(db, scope.place);
  const say = (text: string) => reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
  if (action === "rename") {
    const renamed = await renameCourse(db, { actor, courseId, name: options.getString("name", true) });
    scope.log.info({ courseId }, "course renamed");
    await say(`This channel's course is now called **${renamed.name}**.`);
  } else if (action === "archive" || action === "unarchive") {
    const archived = action === "archive";
    const { course, changed } = await archiveCourse(db, { actor, courseId, archived });
    scope.log.info({ courseId, archived, changed }, "course archive state");
    await say(
      !changed
        ? `**${course.name}** is already ${archived ? "archived" : "open"}.`
        : archived
          ? `**${course.name}** is archived: it is read-only and hidden from course pickers; the tutor still answers here. \`/course unarchive\` reopens it.`
          : `**${course.name}** is open again: materials, quizzes and settings can be changed.`,
    );
  } else {
    const deleted = await deleteCourse(
      {
        requester: { kind: "staff", actor, courseId },
        course: courseId,
        confirmName: options.getString("confirm", true),
      },
      { db, logger: scope.log, erasers: scope.ctx.deps.erasers },
    );
    scope.log.info({ courseId }, "course deleted");
    await say(
      `**${courseName}** was deleted with its ${deleted.materials} material(s) and ${deleted.quizSessions} quiz game(s). This channel is no longer linked to a course.`,
    );
  }
};
