import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { readChatQuiz, writeChatQuiz } from "@studyhall/core";
import { replyOnError } from "../../errors/reply-on-error.ts";
import { interactionTeamId, viewSubmissionSchema } from "../../parse/slack-payloads.ts";
import { conversationReplier } from "../../slack/repliers.ts";
import { slackActor } from "../../slack/slack-identity.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";
import { parseQuizWriteSubmission, questionBlock, TITLE_BLOCK } from "../../views/quiz-write-modal.ts";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The "write a quiz" modal was submitted. Core reads the lines before the ack, so each problem shows
 * beside its box and the modal stays open with what was typed; otherwise the ack closes the modal and
 * core saves the quiz (staff only). The person hears the outcome privately in the channel.
 */
export function quizWriteSubmitted(ctx: SlackContext) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const payload = viewSubmissionSchema.safeParse(body);
    const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
    const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
    const form = payload.success
      ? parseQuizWriteSubmission(payload.data.view.state.values, payload.data.view.private_metadata)
      : null;
    if (!payload.success || !teamId || !form) {
      log.warn({ issues: payload.error?.issues }, "unreadable quiz form");
      await ack({
        response_action: "errors",
        errors: { [TITLE_BLOCK]: "Something went wrong. Run /studyhall quiz write again." },
      });
      return;
    }
    const read = readChatQuiz(form);
    if (read.problems) {
      const errors = Object.fromEntries(
        read.problems.map((p) => [
          typeof p.field === "number" ? questionBlock(p.field) : TITLE_BLOCK,
          p.message,
        ]),
      );
      log.info({ fields: Object.keys(errors) }, "quiz form refused");
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    const user = payload.data.user.id;
    const reply = conversationReplier(client, { channel: form.metadata.channel, user });
    ctx.work.run("write quiz", log, () =>
      replyOnError(reply, log, async () => {
        const quiz = await writeChatQuiz(ctx.deps.db, {
          actor: slackActor(teamId, user),
          courseId: form.metadata.courseId,
          title: form.title,
          lines: form.lines,
        });
        log.info({ quizId: quiz.quizId, questions: quiz.questions }, "quiz written");
        const count = `${quiz.questions} question${quiz.questions === 1 ? "" : "s"}`;
        await reply({
          visibility: "private",
          blocks: [
            {
              type: "text",
              text: `Quiz “${quiz.title}” saved with ${count}, ready to play: \`/studyhall quiz start ${quiz.title}\``,
            },
          ],
        });
      }),
    );
  };
}
