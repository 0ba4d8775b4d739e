import { noticeReply, unbindSpace } from "@studyhall/core";
import { z } from "zod";
import { requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

const unlinkOptions = z.object({ scope: z.enum(["channel", "tenant"]).default("channel") });

/**
 * `/unlink [scope:]`: this channel (or the whole server) stops answering for its course, which keeps
 * everything it has. The same people who may `/setup` may unlink, as core decides; the course's staff
 * find it in the course's audit log.
 */
export const unlinkCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const input = unlinkOptions.parse({ scope: scope.interaction.options.getString("scope") ?? undefined });
  const { actor, platformStaff } = scope.place;
  const unlinked = await unbindSpace(scope.ctx.deps.db, {
    actor,
    space: requireSpace(scope.place),
    scope: input.scope,
    platformStaff,
  });
  scope.log.info({ courseId: unlinked.courseId, scope: input.scope }, "space unbound");
  const where = input.scope === "tenant" ? "This server" : "This channel";
  const text = `${where} is no longer linked to **${unlinked.courseName}**. The course and its materials are kept; \`/setup\` links it to a course again.`;
  await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
};
