import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { noticeReply, type Reply } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { runAskCommand } from "../../flows/commands/ask-command.ts";
import { runCodeCommand } from "../../flows/commands/code-command.ts";
import { type CommandRequest, commandRequest } from "../../flows/commands/command-request.ts";
import { runCourseCommand } from "../../flows/commands/course-command.ts";
import { runLinkCommand } from "../../flows/commands/link-command.ts";
import { runMaterialsCommand } from "../../flows/commands/materials-command.ts";
import { runNotificationsFlow } from "../../flows/commands/notifications-command.ts";
import { runPolicyCommand } from "../../flows/commands/policy-command.ts";
import { runPrefsCommand } from "../../flows/commands/prefs-command.ts";
import { runProgressFlow } from "../../flows/commands/progress-command.ts";
import { runQuizCommand } from "../../flows/commands/quiz-command.ts";
import { runSessionsFlow, sessionsRequestOpensModal } from "../../flows/commands/sessions-command.ts";
import { runSettingsCommand } from "../../flows/commands/settings-command.ts";
import { runSetupCommand } from "../../flows/commands/setup-command.ts";
import { runStaffCommand } from "../../flows/commands/staff-command.ts";
import { runStudyFlow, studyCommandOpensModal } from "../../flows/commands/study-command.ts";
import { runUnlinkCommand } from "../../flows/commands/unlink-command.ts";
import {
  helpLines,
  parseStudyhallCommand,
  type StudyhallCommand,
} from "../../parse/parse-studyhall-command.ts";
import { slashCommandSchema } from "../../parse/slack-payloads.ts";
import { toBlockKit } from "../../render/to-block-kit.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/studyhall <subcommand>`. Help and argument errors are answered in the ack itself; everything else
 * is acked empty at once and done afterwards, answering through the response_url or in the channel.
 */
export function studyhallCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client, context }: CommandArgs): Promise<void> => {
    const payload = slashCommandSchema.safeParse(command);
    const parsed = payload.success ? parseStudyhallCommand(payload.data.text) : null;
    const immediate = !payload.success
      ? noticeReply("error", "That command arrived incomplete. Please try again.")
      : immediateReply(parsed!);
    if (immediate) {
      await ack(ackBody(immediate));
      return;
    }
    await ack();
    const data = payload.data!;
    const log = requestLog(ctx, data.team_id, randomUUID().slice(0, 8)).child({
      command: commandLabel(parsed!),
    });
    const reply = respondReplier(respond);
    const req = commandRequest(
      data,
      { client, respond, reply, botToken: context.botToken, log },
      ctx.names.known(data.team_id, data.user_id),
    );
    // The person's display name is looked up after the command, in the background: nothing waits on it.
    const job = () =>
      replyOnError(reply, log, () => dispatch(ctx, req, parsed!)).finally(() =>
        ctx.names.refresh(client, data.team_id, data.user_id, log),
      );
    // prefs, settings, quiz write, deck import without cards and session schedule alone open a modal, whose trigger_id dies 3 s
    // after the command: it cannot wait in the queue.
    const opensModal =
      parsed!.name === "prefs" ||
      parsed!.name === "settings" ||
      (parsed!.name === "quiz" && parsed!.quiz.action === "write") ||
      (parsed!.name === "study" && studyCommandOpensModal(parsed!)) ||
      (parsed!.name === "sessions" && sessionsRequestOpensModal(parsed!.request));
    if (opensModal) await ctx.work.runNow(`command ${parsed!.name}`, log, job);
    else ctx.work.run(`command ${parsed!.name}`, log, job);
  };
}

function commandLabel(parsed: StudyhallCommand): string {
  if (parsed.name === "quiz") return `quiz ${parsed.quiz.action}`;
  if (parsed.name === "study") return `study ${parsed.command.name}`;
  if (parsed.name === "progress") return parsed.command.name;
  if (parsed.name === "notifications") return `notifications ${parsed.command.name}`;
  if (parsed.name === "sessions")
    return "form" in parsed.request ? "session form" : `session ${parsed.request.command.name}`;
  return parsed.name;
}

function immediateReply(parsed: StudyhallCommand): Reply | null {
  if (parsed.name === "help") {
    return {
      visibility: "private",
      blocks: [{ type: "text", text: `Here is what I can do:\n${helpLines()}` }],
    };
  }
  if (parsed.name === "invalid") return noticeReply("warning", parsed.message);
  return null;
}

function ackBody(reply: Reply) {
  const message = toBlockKit(reply);
  return {
    response_type: message.ephemeral ? ("ephemeral" as const) : ("in_channel" as const),
    text: message.text,
    blocks: message.blocks,
  };
}

async function dispatch(ctx: SlackContext, req: CommandRequest, parsed: StudyhallCommand): Promise<void> {
  switch (parsed.name) {
    case "ask":
      return runAskCommand(ctx, req, parsed.question);
    case "setup":
      return runSetupCommand(ctx, req, parsed.course);
    case "unlink":
      return runUnlinkCommand(ctx, req);
    case "code":
      return runCodeCommand(ctx, req, parsed.course);
    case "staff":
      return runStaffCommand(ctx, req, parsed.staff);
    case "course":
      return runCourseCommand(ctx, req, parsed.course);
    case "materials":
      return runMaterialsCommand(ctx, req, parsed);
    case "policy":
      return runPolicyCommand(ctx, req, parsed.policy);
    case "prefs":
      return runPrefsCommand(ctx, req);
    case "settings":
      return runSettingsCommand(ctx, req, parsed.text);
    case "link":
      return runLinkCommand(ctx, req, parsed.code);
    case "progress":
      return runProgressFlow(ctx, req, parsed);
    case "notifications":
      return runNotificationsFlow(ctx, req, parsed.command);
    case "quiz":
      return runQuizCommand(ctx, req, parsed.quiz);
    case "sessions":
      return runSessionsFlow(ctx, req, parsed.request);
    case "study":
      return runStudyFlow(ctx, req, parsed);
    case "help":
    case "invalid":
      return;
  }
}
