import { archiveCourse, deleteCourse, enterSpace, renameCourse } from "@studyhall/core";
import type { CourseCommand } from "../../parse/parse-course-command.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall course rename|archive|unarchive|delete`: upkeep of this channel's course. Core decides
 * who may (course staff; a workspace admin is staff in a channel they linked) and words every refusal.
 * Deleting cannot be undone, so it is confirmed by typing the course's name after `delete`; without it
 * the person is told privately what would go and how to confirm.
 */
export async function runCourseCommand(ctx: SlackContext, req: CommandRequest, command: CourseCommand) {
  const { db } = ctx.deps;
  const platformStaff = await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
  const member = await enterSpace(db, { actor: req.actor, space: req.space, platformStaff });
  const courseId = member.course.id;
  const say = (text: string, visibility: "public" | "private" = "public") =>
    req.reply({ visibility, blocks: [{ type: "text", text }] });
  switch (command.action) {
    case "rename": {
      const renamed = await renameCourse(db, { actor: req.actor, courseId, name: command.name });
      req.log.info({ courseId }, "course renamed");
      return say(`This channel's course is now called **${renamed.name}**.`);
    }
    case "archive":
    case "unarchive": {
      const archived = command.action === "archive";
      const { course, changed } = await archiveCourse(db, { actor: req.actor, courseId, archived });
      req.log.info({ courseId, archived, changed }, "course archive state");
      if (!changed) return say(`**${course.name}** is already ${archived ? "archived" : "open"}.`, "private");
      return say(
        archived
          ? `**${course.name}** is archived: it is read-only and hidden from course pickers; the tutor still answers here. \`/studyhall course unarchive\` reopens it.`
          : `**${course.name}** is open again: materials, quizzes and settings can be changed.`,
      );
    }
    case "delete": {
      if (command.confirmName === null) {
        return say(
          `Deleting **${member.course.name}** removes its materials, quizzes, results and questions for everyone, in every channel and LMS course linked to it, and cannot be undone. To delete it, type its name: \`/studyhall course delete ${member.course.name}\``,
          "private",
        );
      }
      const deleted = await deleteCourse(
        {
          requester: { kind: "staff", actor: req.actor, courseId },
          course: courseId,
          confirmName: command.confirmName,
        },
        { db, logger: req.log, erasers: ctx.deps.erasers },
      );
      return say(
        `**${member.course.name}** was deleted with its ${deleted.materials} material(s) and ${deleted.quizSessions} quiz game(s). This channel is no longer linked to a course.`,
      );
    }
  }
}
