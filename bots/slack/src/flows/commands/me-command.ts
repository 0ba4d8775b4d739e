import { describeMember, type MemberSummary, type Reply } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall me`: the person's courses, linked platforms, preferences, questions asked and what remains
 * of the tutor's limits today.
 */
export async function runMeCommand(ctx: SlackContext, req: CommandRequest): Promise<void> {
  const { tutor } = ctx.deps;
  const budget = { limits: tutor.limits, ...(tutor.now ? { now: tutor.now() } : {}) };
  await req.reply(memberReply(await describeMember(ctx.deps.db, req.actor, { budget })));
}

/** What StudyHall knows about a person, as a private reply. */
export function memberReply(member: MemberSummary): Reply {
  const courses =
    member.courses.map((c) => `${c.name} (${c.role === "STAFF" ? "staff" : "student"})`).join("\n") ||
    "None yet";
  const p = member.preferences;
  const preferences = [
    `detail: ${p.detailLevel.toLowerCase()}`,
    `language: ${p.technicalLanguage.toLowerCase()}`,
    `pace: ${p.pace.toLowerCase()}`,
    `examples: ${p.examples ? "yes" : "no"}`,
    `analogies: ${p.analogies ? "yes" : "no"}`,
  ].join(", ");
  return {
    visibility: "private",
    blocks: [
      {
        type: "fields",
        fields: [
          { label: "Courses", value: courses },
          { label: "Linked accounts", value: member.platforms.join(", ") },
          { label: "Questions asked", value: String(member.questionsAsked) },
          ...(member.tutorAllowance ? [{ label: "Tutor allowance", value: member.tutorAllowance }] : []),
          { label: "Preferences", value: preferences },
        ],
      },
      { type: "text", text: "Change your preferences with `/studyhall prefs`." },
    ],
  };
}
