import { issueSpaceLinkCode, noticeReply } from "@studyhall/core";
import { courseForPlace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

/**
 * `/code [course:]`: course staff get a one-time code that links another channel (Discord or Slack)
 * to this channel's course, or to the course they name. Private: the code is theirs to hand on. Who
 * may have one, and the words that explain it, are core's.
 */
export const codeCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const named = scope.interaction.options.getString("course")?.trim() || undefined;
  const { db } = scope.ctx.deps;
  // Without a name: the channel's course (joining it on first contact), or in DMs the person's course.
  const course = named ?? (await courseForPlace(db, scope.place)).courseId;
  const issued = await issueSpaceLinkCode(db, { actor: scope.place.actor, course });
  scope.log.info({ courseId: issued.course.id }, "link code issued");
  await reply.edit(toDiscordMessages(noticeReply("info", issued.instructions))[0]!);
};
