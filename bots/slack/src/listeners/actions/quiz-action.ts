import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isQuizAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { handleQuizClick, type QuizClick } from "../../flows/quiz-clicks.ts";
import { blockActionSchema, interactionTeamId } from "../../parse/slack-payloads.ts";
import { decodeAction } from "../../render/action-codec.ts";
import { respondReplier } from "../../slack/repliers.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Every live-quiz button (join, answers, host controls, my result, draft review). Acked at once; the
 * click is then recorded by the core (exactly once, however often it arrives) and confirmed privately.
 * The answer form opens ahead of the queue because its trigger_id expires three seconds after the click.
 */
export function quizAction(ctx: SlackContext) {
  return async ({ ack, action, body, respond, client }: ActionArgs): Promise<void> => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    const decoded = "action_id" in action ? decodeAction(action.action_id) : null;
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId || !decoded || !isQuizAction(decoded)) {
      log.warn({ actionId: "action_id" in action ? action.action_id : undefined }, "unreadable quiz action");
      return;
    }
    const { user, channel, container, trigger_id } = payload.data;
    const click: QuizClick = {
      teamId,
      userId: user.id,
      channel: channel?.id ?? container?.channel_id,
      triggerId: trigger_id,
      client,
      respond,
      reply: respondReplier(respond),
      log,
    };
    const job = () => replyOnError(click.reply, log, () => handleQuizClick(ctx, click, decoded));
    if (decoded.kind === "quiz.respond") await ctx.work.runNow("quiz answer form", log, job);
    else ctx.work.run(decoded.kind, log, job);
  };
}
