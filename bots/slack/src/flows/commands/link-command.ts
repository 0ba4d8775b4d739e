import { completeIdentityLink, describeMember } from "@studyhall/core";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/** `/studyhall link <code>`: this Slack account joins the person who made the code (LMS, Discord). */
export async function runLinkCommand(ctx: SlackContext, req: CommandRequest, code: string): Promise<void> {
  const { alreadyLinked } = await completeIdentityLink(ctx.deps.db, { actor: req.actor, code });
  const member = await describeMember(ctx.deps.db, req.actor);
  const courses = member.courses.map((c) => c.name).join(", ") || "none yet";
  await req.reply({
    visibility: "private",
    blocks: [
      {
        type: "notice",
        tone: "info",
        text: alreadyLinked
          ? "This Slack account was already linked to that account."
          : `Linked. Your history and courses are now shared across ${member.platforms.join(", ")}. Courses: ${courses}.`,
      },
    ],
  });
}
