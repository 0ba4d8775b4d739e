import { completeIdentityLink, describeMember, type Reply } from "@studyhall/core";
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

/** `/me`: the person's courses, preferences, linked platforms and tutor allowance, privately. */
export const meCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  const { tutor } = scope.ctx.deps;
  const budget = { limits: tutor.limits, ...(tutor.now ? { now: tutor.now() } : {}) };
  const me = await describeMember(scope.ctx.deps.db, scope.place.actor, { budget });
  const p = me.preferences;
  const blocks: Reply["blocks"] = [
    {
      type: "fields",
      fields: [
        {
          label: "Courses",
          value: me.courses.map((c) => `${c.name} (${c.role.toLowerCase()})`).join(", ") || "none yet",
        },
        { label: "Questions asked", value: String(me.questionsAsked) },
        ...(me.tutorAllowance ? [{ label: "Tutor allowance", value: me.tutorAllowance }] : []),
        { label: "Linked platforms", value: me.platforms.map((x) => x.toLowerCase()).join(", ") },
        {
          label: "Preferences",
          value: `${p.detailLevel.toLowerCase()} detail, ${p.technicalLanguage.toLowerCase()} language, ${p.pace.toLowerCase()} pace, examples ${p.examples ? "on" : "off"}, analogies ${p.analogies ? "on" : "off"}`,
        },
      ],
    },
    { type: "text", text: "Change how you are taught with `/prefs`." },
  ];
  await reply.show(toDiscordMessages({ visibility: "private", blocks }));
};
