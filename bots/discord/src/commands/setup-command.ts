import { bindSpace, namesakeHint, noticeReply, startSpaceBinding } from "@studyhall/core";
import { PermissionFlagsBits } from "discord.js";
import { z } from "zod";
import { requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

/** Autocomplete offers the person's own courses with this prefix; anything else names a new course. */
export const EXISTING_COURSE_PREFIX = "id:";
const EXISTING = /^id:([0-9a-f-]{36})$/;

const setupOptions = z
  .object({
    course: z.string().trim().min(1).max(200, "Course names are at most 200 characters.").optional(),
    code: z.string().trim().min(4, "That code is too short.").max(32).optional(),
    scope: z.enum(["channel", "tenant"]).default("channel"),
  })
  .refine((o) => (o.course === undefined) !== (o.code === undefined), {
    message:
      "Give either `course:` (a new course's name, or one of yours) or `code:` (a link code), not both.",
  });

/**
 * `/setup`: links this channel (or the whole server) to a course: a new one, one of the person's own
 * courses, or the course behind a link code from the LMS or course staff. People who manage the
 * server (or hold the course-staff role) may do any of it; anyone else may link a channel they can see
 * with a code or to a course they teach. Core decides, from what Discord says.
 */
export const setupCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const { options } = scope.interaction;
  const input = setupOptions.parse({
    course: options.getString("course") ?? undefined,
    code: options.getString("code") ?? undefined,
    scope: options.getString("scope") ?? undefined,
  });
  const space = requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const { actor, platformStaff } = scope.place;
  const existing = input.course ? EXISTING.exec(input.course) : null;
  // Linking to one of your existing courses is the same as redeeming a binding code you made yourself.
  const code = existing ? (await startSpaceBinding(db, { actor, courseId: existing[1]! })).code : input.code;
  const result = await bindSpace(db, {
    actor,
    space,
    scope: input.scope,
    platformStaff,
    // The interaction's permissions are the member's in this channel, overwrites included.
    memberOfSpace: scope.interaction.memberPermissions?.has(PermissionFlagsBits.ViewChannel) ?? false,
    course: code ? { code } : { create: input.course! },
  });
  const where = input.scope === "tenant" ? "This server" : "This channel";
  scope.log.info({ courseId: result.course.id, scope: input.scope, created: result.created }, "space bound");
  const text = result.alreadyBound
    ? `${where} was already linked to **${result.course.name}**.`
    : `${where} is now linked to **${result.course.name}**${result.created ? " (a new course; you are its staff)" : ""}. Add materials with \`/materials add\`; everyone here can then \`/ask\`.`;
  const hint = namesakeHint(result);
  await reply.edit(toDiscordMessages(noticeReply("info", hint ? `${text}\n\n${hint}` : text))[0]!);
};
