import { completeIdentityLink, describeMember } from "@studyhall/core";
import { z } from "zod";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

const linkOptions = z.object({
  code: z
    .string({ error: "Type the code from your course page." })
    .trim()
    .min(4, "Type the code from your course page.")
    .max(32),
});

/** `/link code:`: this Discord account joins the person who made the code (e.g. on the LMS page). */
export const linkCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const { code } = linkOptions.parse({ code: scope.interaction.options.getString("code") ?? undefined });
  const result = await completeIdentityLink(scope.ctx.deps.db, { actor: scope.place.actor, code });
  const summary = await describeMember(scope.ctx.deps.db, scope.place.actor);
  const courses = summary.courses.map((c) => c.name).join(", ") || "none yet";
  const text = result.alreadyLinked
    ? "This Discord account was already linked to that account."
    : `Linked! Your courses and history now follow you here. Courses: ${courses}.`;
  await reply.show(
    toDiscordMessages({ visibility: "private", blocks: [{ type: "notice", tone: "info", text }] }),
  );
};
