import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { parseQuizAnswerSubmission, QUIZ_ANSWER_INPUT } from "../../views/quiz-answer-modal.ts";
import { acceptSubmittedForm } from "./accept-submitted-form.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The answer form was submitted. An answer that cannot be one (not a number, nothing selected) is
 * shown on the form; otherwise the ack closes it, the core records the answer, and the player gets
 * the "locked in" as an ephemeral message in the game's channel.
 */
export function quizAnswerSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const form = await acceptSubmittedForm(
      ctx,
      { ack, body },
      { name: "quiz answer form", input: QUIZ_ANSWER_INPUT, parse: parseQuizAnswerSubmission },
    );
    if (!form) return;
    const { teamId, userId, log, submission: parsed } = form;
    const reply = conversationReplier(client, { channel: parsed.channel, user: userId });
    ctx.work.run("quiz form answer", log, () =>
      replyOnError(reply, log, async () => {
        const teamHint = await ctx.teams.teamOf(client, teamId, userId, log);
        await reply(
          await ctx.deps.quiz.engine.answer({
            sessionId: parsed.sessionId,
            questionIndex: parsed.questionIndex,
            actor: slackActor(teamId, userId, ctx.names.known(teamId, userId)),
            response: parsed.response,
            teamHint,
          }),
        );
      }).finally(() => ctx.names.refresh(client, teamId, userId, log)),
    );
  };
}
