import { type ProgressCommand, runProgressCommand, type StudyPlace } from "@studyhall/core";
import { isDirectMessageChannel } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";
import { deliver, studyPlace } from "./study-command.ts";

/** A parsed progress command and the course the person named (`in:<slug>`), if any. */
export interface ProgressRequest {
  command: ProgressCommand;
  course?: string;
}

/**
 * `/studyhall me`, `leaderboard …` and `history`, through core's progress front door. The progress
 * card's picture goes to the person's DM with the app (where study files go, with its alt text), and
 * the text fallback with the account summary answers privately where the command was typed, so the
 * card is readable where images are off. `leaderboard` and `history` join a linked channel's course
 * first, as the study commands do; `me` joins nothing, as it never has: it is about the person
 * wherever they ask (someone a roster removed still sees their own account, not a refusal).
 */
export async function runProgressFlow(
  ctx: SlackContext,
  req: CommandRequest,
  progress: ProgressRequest,
): Promise<void> {
  const place =
    progress.command.name === "me"
      ? ownPlace(req, progress.course)
      : await studyPlace(ctx, req, progress.course);
  const reply = await runProgressCommand(
    ctx.deps,
    { ...place, command: progress.command },
    {
      commands: {
        prefs: "/studyhall prefs",
        show: "/studyhall leaderboard show",
        hide: "/studyhall leaderboard hide",
      },
    },
  );
  req.log.info({ command: progress.command.name, files: reply.files?.length ?? 0 }, "progress command");
  await deliver(req, reply, false);
}

/** Who and where, for core, without joining the channel's course. */
function ownPlace(req: CommandRequest, course: string | undefined): StudyPlace {
  const space = isDirectMessageChannel(req.command.channel_id) ? null : req.space;
  return { actor: req.actor, space, ...(course ? { course } : {}) };
}
