import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import { parseQuizAnswerSubmission, QUIZ_ANSWER_INPUT } from "../../views/quiz-answer-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The answer form was submitted. An answer that cannot be one (not a number, nothing selected) is
 * shown on the form; otherwise the ack closes it, the core records the answer, and the player gets
 * the "locked in" as an ephemeral message in the game's channel.
 */
export function quizAnswerSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId) {
      log.warn({ issues: payload.error?.issues }, "unreadable quiz answer form");
      await ack({
        response_action: "errors",
        errors: { [QUIZ_ANSWER_INPUT]: "Something went wrong. Try again." },
      });
      return;
    }
    const parsed = parseQuizAnswerSubmission(
      payload.data.view.state.values,
      payload.data.view.private_metadata,
    );
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    await ack();
    const { user } = payload.data;
    const reply = conversationReplier(client, { channel: parsed.channel, user: user.id });
    ctx.work.run("quiz form answer", log, () =>
      replyOnError(reply, log, async () => {
        const teamHint = await ctx.teams.teamOf(client, teamId, user.id, log);
        await reply(
          await ctx.deps.quiz.engine.answer({
            sessionId: parsed.sessionId,
            questionIndex: parsed.questionIndex,
            actor: slackActor(teamId, user.id, ctx.names.known(teamId, user.id)),
            response: parsed.response,
            teamHint,
          }),
        );
      }).finally(() => ctx.names.refresh(client, teamId, user.id, log)),
    );
  };
}
