import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { submitWritingForm } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { replaceStudyMessage } from "../../slack/study-delivery.ts";
import type { SlackContext } from "../../slack-context.ts";
import { parseWritingSubmission, WRITING_INPUT } from "../../views/writing-modal.ts";
import { acceptSubmittedForm } from "./accept-submitted-form.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Writing submitted from its form. Empty or over-long text is shown on the form; otherwise the ack
 * closes it at once (feedback from a model can take a while) and the feedback replaces the message
 * the Write button was on. A refusal from core (over the prompt's limit, the prompt closed) is sent
 * privately beside it.
 */
export function writingSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const form = await acceptSubmittedForm(
      ctx,
      { ack, body },
      { name: "writing form", input: WRITING_INPUT, parse: parseWritingSubmission },
    );
    if (!form) return;
    const { teamId, userId, log, submission: parsed } = form;
    const reply = conversationReplier(client, { channel: parsed.message.channel, user: userId });
    ctx.work.run("writing submitted", log, () =>
      replyOnError(reply, log, async () => {
        const result = await submitWritingForm(ctx.deps, {
          actor: slackActor(teamId, userId, ctx.names.known(teamId, userId)),
          promptId: parsed.promptId,
          text: parsed.text,
        });
        await replaceStudyMessage(client, { ...parsed.message, user: userId }, result);
      }),
    );
  };
}
