import type { RespondFn, webApi } from "@slack/bolt";
import {
  type Actor,
  AppError,
  ErrorCode,
  enterSpace,
  handleQuizClick as handleQuizClickInCore,
  type Logger,
  type QuizClickAction,
  type QuizClickPort,
} from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { Replier } from "../slack/repliers.ts";
import { slackActor, slackSpace } from "../slack/slack-identity.ts";
import type { SlackContext } from "../slack-context.ts";
import { quizAnswerModal } from "../views/quiz-answer-modal.ts";

type QuizAction = QuizClickAction;

/** One click on a quiz button, unpacked: who, where, and how to answer them privately. */
export interface QuizClick {
  teamId: string;
  userId: string;
  /** The channel of the message clicked (the game's channel, or where a draft review was shown). */
  channel: string | undefined;
  triggerId: string | undefined;
  client: webApi.WebClient;
  respond: RespondFn;
  /** Ephemeral, beside the clicked message (the "locked in"). */
  reply: Replier;
  log: Logger;
}

/**
 * What a quiz button does, through the core's quiz engine and quiz management. The clicker's display
 * name is looked up only afterwards, in the background: the click is recorded (and timed) at once.
 */
export async function handleQuizClick(
  ctx: SlackContext,
  click: QuizClick,
  action: QuizAction,
): Promise<void> {
  try {
    await dispatchClick(ctx, click, action);
  } finally {
    // After the click joined them, so the name found renames a player who exists.
    ctx.names.refresh(click.client, click.teamId, click.userId, click.log);
  }
}

async function dispatchClick(ctx: SlackContext, click: QuizClick, action: QuizAction): Promise<void> {
  const { db } = ctx.deps;
  const outcome = await handleQuizClickInCore(
    { db, engine: ctx.deps.quiz.engine },
    { action, actor: clickActor(ctx, click) },
    clickPort(ctx, click),
  );
  if (outcome.kind === "private") return click.reply(outcome.reply);
  if (outcome.kind === "reviewed") {
    click.log.info(
      { quizId: "quizId" in action ? action.quizId : undefined, decision: action.kind },
      "quiz draft reviewed",
    );
    // The review was an ephemeral message: replace it, so its buttons cannot be pressed twice.
    const message = toBlockKit(outcome.reply);
    await click.respond({
      replace_original: true,
      response_type: "ephemeral",
      text: message.text,
      blocks: message.blocks,
    });
  }
}

/** What only Slack can do for a click: admin and user-group lookups, the channel's course, the form. */
function clickPort(ctx: SlackContext, click: QuizClick): QuizClickPort {
  return {
    platformStaff: () => ctx.admins.isAdmin(click.client, click.teamId, click.userId, click.log),
    teamHint: () => teamHint(ctx, click),
    quizStartCommand: "/studyhall quiz start",
    async placeCourseId(platformStaff) {
      if (!click.channel)
        throw new AppError(ErrorCode.InvalidInput, "draft review outside a channel", {
          userMessage: "Review drafts in the course's channel.",
        });
      const member = await enterSpace(ctx.deps.db, {
        actor: clickActor(ctx, click),
        space: slackSpace(click.teamId, click.channel),
        platformStaff,
      });
      return member.course.id;
    },
    // Runs right after the ack: the click's trigger_id dies three seconds after it.
    async showAnswerForm(open) {
      if (!click.triggerId || !click.channel)
        throw new Error("a quiz answer click without trigger_id or channel");
      await click.client.views.open({
        trigger_id: click.triggerId,
        view: quizAnswerModal(open, { channel: click.channel }),
      });
    },
  };
}

/**
 * The clicker, named as classmates know them if that is known yet; otherwise unnamed, and core keeps
 * the name stored for them (until the lookup after this click stores their display name).
 */
function clickActor(ctx: SlackContext, click: QuizClick): Actor {
  return slackActor(click.teamId, click.userId, ctx.names.known(click.teamId, click.userId));
}

/** The "Team …" user group of the clicker (used by the core only in games with platform teams). */
function teamHint(ctx: SlackContext, click: QuizClick): Promise<string | null> {
  return ctx.teams.teamOf(click.client, click.teamId, click.userId, click.log);
}
