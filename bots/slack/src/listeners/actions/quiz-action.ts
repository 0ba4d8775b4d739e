import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isQuizAction } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { handleQuizClick, type QuizClick } from "../../flows/quiz-clicks.ts";
import { respondReplier } from "../../slack/repliers.ts";
import type { SlackContext } from "../../slack-context.ts";
import { readBlockAction } from "./read-block-action.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Every live-quiz button (join, answers, host controls, my result, draft review). Acked at once; the
 * click is then recorded by the core (exactly once, however often it arrives) and confirmed privately.
 * The answer form opens ahead of the queue because its trigger_id expires three seconds after the click.
 */
export function quizAction(ctx: SlackContext) {
  return async ({ ack, action, body, respond, client }: ActionArgs): Promise<void> => {
    await ack();
    const read = readBlockAction(ctx, { action, body }, isQuizAction, "quiz");
    if (!read) return;
    const { payload, teamId, decoded, log } = read;
    const { user, channel, container, trigger_id } = payload;
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
