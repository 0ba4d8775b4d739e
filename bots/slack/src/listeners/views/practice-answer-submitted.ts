import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { answerPracticeForm } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { replaceStudyMessage } from "../../slack/study-delivery.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import { PRACTICE_ANSWER_INPUT, parsePracticeAnswerSubmission } from "../../views/practice-answer-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A practice question answered in its form. An answer that cannot be one (nothing selected, not a
 * number) is shown on the form; otherwise the ack closes it and the question's message is replaced by
 * the feedback (core's "replace").
 */
export function practiceAnswerSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId) {
      log.warn({ issues: payload.error?.issues }, "unreadable practice answer form");
      await ack({
        response_action: "errors",
        errors: { [PRACTICE_ANSWER_INPUT]: "Something went wrong. Try again." },
      });
      return;
    }
    const parsed = parsePracticeAnswerSubmission(
      payload.data.view.state.values,
      payload.data.view.private_metadata,
    );
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    await ack();
    const userId = payload.data.user.id;
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
