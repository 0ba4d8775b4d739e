import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { answerPracticeForm } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { replaceStudyMessage } from "../../slack/study-delivery.ts";
import type { SlackContext } from "../../slack-context.ts";
import { PRACTICE_ANSWER_INPUT, parsePracticeAnswerSubmission } from "../../views/practice-answer-modal.ts";
import { acceptSubmittedForm } from "./accept-submitted-form.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A practice question answered in its form. An answer that cannot be one (nothing selected, not a
 * number) is shown on the form; otherwise the ack closes it and the question's message is replaced by
 * the feedback (core's "replace").
 */
export function practiceAnswerSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const form = await acceptSubmittedForm(
      ctx,
      { ack, body },
      { name: "practice answer form", input: PRACTICE_ANSWER_INPUT, parse: parsePracticeAnswerSubmission },
    );
    if (!form) return;
    const { teamId, userId, log, submission: parsed } = form;
    const reply = conversationReplier(client, { channel: parsed.message.channel, user: userId });
    ctx.work.run("practice form answer", log, () =>
      replyOnError(reply, log, async () => {
        const result = await answerPracticeForm(ctx.deps, {
          actor: slackActor(teamId, userId, ctx.names.known(teamId, userId)),
          runId: parsed.runId,
          position: parsed.position,
          response: parsed.response,
        });
        await replaceStudyMessage(client, { ...parsed.message, user: userId }, result.reply);
      }),
    );
  };
}
