import {
  AppError,
  ErrorCode,
  handleQuizClick,
  type QuizClickAction,
  type QuizClickPort,
} from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import type { InteractionReply } from "../client/interaction-reply.ts";
import { courseForPlace } from "../context/course-for-place.ts";
import { teamRoleOf } from "../context/discord-member.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { InteractionScope } from "./command-scope.ts";
import { showQuizAnswerForm } from "./quiz-forms.ts";
import { rememberQuizToken } from "./quiz-token.ts";

/**
 * A click on a quiz button. Acknowledged at once (an ephemeral defer: the 3-second rule holds under a
 * burst), then core decides (handleQuizClick), then the person privately sees the outcome ("Locked
 * in: B"). "Answer" on a typed question is not deferred: its modal must be Discord's first answer.
 */
export async function quizButton(
  scope: InteractionScope<ButtonInteraction>,
  action: QuizClickAction,
): Promise<void> {
  const reply = action.kind === "quiz.respond" ? null : await acknowledge(scope, action);
  // "My result" comes after the game: nothing more will be sent through that token.
  if (action.kind === "quiz.join" || action.kind === "quiz.answer" || action.kind === "quiz.control")
    rememberQuizToken(scope, action.sessionId);
  const outcome = await handleQuizClick(
    { db: scope.ctx.deps.db, engine: scope.ctx.deps.quiz.engine },
    { action, actor: scope.place.actor },
    clickPort(scope, action),
  );
  if (outcome.kind === "form-shown") return;
  if (outcome.kind === "reviewed") {
    scope.log.info(
      { quizId: "quizId" in action ? action.quizId : undefined, action: action.kind },
      "quiz reviewed",
    );
    await reply!.edit(toDiscordMessages(outcome.reply)[0]!);
    return;
  }
  if (reply) {
    await reply.show(toDiscordMessages({ ...outcome.reply, visibility: "private" }));
    return;
  }
  // A form button whose question has closed: this is the click's first and only answer.
  const [closed] = toDiscordMessages(outcome.reply);
  await scope.interaction.reply({ content: closed!.content, flags: 64, allowedMentions: { parse: [] } });
}

/** The defer of each kind of click: a host's controls take no work slot (see InteractionScope.defer). */
function acknowledge(
  scope: InteractionScope<ButtonInteraction>,
  action: QuizClickAction,
): Promise<InteractionReply> {
  if (action.kind === "quiz.approve" || action.kind === "quiz.discard")
    return scope.defer({ ephemeral: true });
  return scope.defer({ ephemeral: true, work: action.kind === "quiz.control" ? "none" : "quiz" });
}

/** What only Discord knows or does for a click: the member's rights and team role, the form. */
function clickPort(scope: InteractionScope<ButtonInteraction>, action: QuizClickAction): QuizClickPort {
  const { platformStaff } = scope.place;
  return {
    knownPlatformStaff: platformStaff,
    platformStaff: async () => platformStaff,
    teamHint: async () => teamRoleOf(scope.interaction),
    quizStartCommand: "/quiz start",
    async placeCourseId() {
      if (!scope.place.space)
        throw new AppError(ErrorCode.InvalidInput, "quiz review outside a server", {
          userMessage: "Review quizzes in a channel of your course's server.",
        });
      return (await courseForPlace(scope.ctx.deps.db, scope.place)).courseId;
    },
    async showAnswerForm(question) {
      if (action.kind === "quiz.respond") await showQuizAnswerForm(scope, action, question);
    },
  };
}
