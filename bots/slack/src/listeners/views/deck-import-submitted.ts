import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError, runStudyCommand } from "@studyhall/core";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { isDirectMessageChannel, slackActor, slackSpace } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import {
  DECK_IMPORT_INPUT,
  deckImportError,
  parseDeckImportSubmission,
} from "../../views/deck-import-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Cards pasted into the import form. The import runs before the ack so that a refusal (a malformed
 * line, named by its number; a card over a limit) is shown on the form itself and nothing is imported:
 * the box holds at most 3,000 characters, a few dozen cards, which core imports well inside Slack's
 * three seconds. On success the form closes and the person is told privately where they asked.
 */
export function deckImportSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    if (!payload.success || !teamId) {
      log.warn({ issues: payload.error?.issues }, "unreadable deck import form");
      await ack({
        response_action: "errors",
        errors: { [DECK_IMPORT_INPUT]: "Something went wrong. Try again." },
      });
      return;
    }
    const parsed = parseDeckImportSubmission(
      payload.data.view.state.values,
      payload.data.view.private_metadata,
    );
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    const userId = payload.data.user.id;
    const { target } = parsed;
    let reply: Awaited<ReturnType<typeof runStudyCommand>>;
    try {
      reply = await runStudyCommand(ctx.deps, {
        actor: slackActor(teamId, userId, ctx.names.known(teamId, userId)),
        space: isDirectMessageChannel(target.channel) ? null : slackSpace(teamId, target.channel),
        ...(target.course ? { course: target.course } : {}),
        command: { name: "deck.import", title: target.title, text: parsed.text },
      });
    } catch (error) {
      if (!(error instanceof AppError)) log.error({ err: error }, "deck import from the form failed");
      const refusal =
        error instanceof AppError
          ? error.userMessage
          : "Something went wrong. Nothing was imported; try again.";
      await ack({ response_action: "errors", errors: deckImportError(refusal).errors });
      return;
    }
    await ack();
    log.info({ title: target.title }, "deck imported from the form");
    await conversationReplier(client, { channel: target.channel, user: userId })(reply).catch(
      (err: unknown) => log.error({ err }, "could not confirm the deck import"),
    );
  };
}
