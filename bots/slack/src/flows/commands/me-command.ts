import { describeMember, memberReply } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/**
 * `/studyhall me`: the person's courses, linked platforms, preferences, questions asked, what remains
 * of the tutor's limits today and their latest quiz results.
 */
export async function runMeCommand(ctx: SlackContext, req: CommandRequest): Promise<void> {
  const { tutor } = ctx.deps;
  const budget = { limits: tutor.limits, ...(tutor.now ? { now: tutor.now() } : {}) };
  const member = await describeMember(ctx.deps.db, req.actor, { budget });
  await req.reply(memberReply(member, { prefs: "/studyhall prefs" }));
}
