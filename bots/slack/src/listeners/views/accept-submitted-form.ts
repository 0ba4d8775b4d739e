import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { Logger } from "@studyhall/core";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What a form's parser returns when the form cannot be taken: messages keyed by block_id. */
type FormRefusal = { ok: false; errors: Record<string, string> };

/** A form's parser: the modal's input values and private_metadata, read into what was submitted. */
type FormParser<T extends { ok: true }> = (
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
) => T | FormRefusal;

/** A submission taken: the form's contents and who sent it, from where. */
export interface AcceptedForm<T> {
  teamId: string;
  userId: string;
  log: Logger;
  submission: T;
}

/**
 * Reads a submitted one-input form and acks it. Slack keeps the modal open only while the ack carries
 * errors, so anything wrong with it (an unreadable payload, what the form's parser refuses) is acked as
 * errors on the form and `undefined` is returned; otherwise the plain ack closes the modal and the
 * submission is returned for the work that follows.
 */
export async function acceptSubmittedForm<T extends { ok: true }>(
  ctx: SlackContext,
  { ack, body }: Pick<ViewArgs, "ack" | "body">,
  form: {
    /** Names the form in the log ("practice answer form"). */
    name: string;
    /** block_id of the input that shows a failure nothing else explains. */
    input: string;
    parse: FormParser<T>;
  },
): Promise<AcceptedForm<T> | undefined> {
  const payload = viewSubmissionSchema.safeParse(body);
  const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
  const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
  if (!payload.success || !teamId) {
    log.warn({ issues: payload.error?.issues }, `unreadable ${form.name}`);
    await ack({ response_action: "errors", errors: { [form.input]: "Something went wrong. Try again." } });
    return undefined;
  }
  const parsed = form.parse(payload.data.view.state.values, payload.data.view.private_metadata);
  if (!parsed.ok) {
    await ack({ response_action: "errors", errors: parsed.errors });
    return undefined;
  }
  await ack();
  return { teamId, userId: payload.data.user.id, log, submission: parsed };
}
