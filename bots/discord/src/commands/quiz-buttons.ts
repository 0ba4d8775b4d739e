import type { Reply, ReplyAction } from "@studyhall/core";
import type { ButtonInteraction } from "discord.js";
import { teamRoleOf } from "../context/discord-member.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { InteractionScope } from "./command-scope.ts";
import { quizRespondButton } from "./quiz-forms.ts";
import { quizReviewButton } from "./quiz-library.ts";
import { rememberQuizToken } from "./quiz-token.ts";

type QuizAction = Extract<ReplyAction, { kind: `quiz.${string}` }>;

/**
 * A click on a quiz button. Acknowledged at once (an ephemeral defer: the 3-second rule holds under a
 * burst), then core decides, then the person privately sees the outcome ("Locked in: B").
 */
export async function quizButton(
  scope: InteractionScope<ButtonInteraction>,
  action: QuizAction,
): Promise<void> {
  switch (action.kind) {
    case "quiz.approve":
    case "quiz.discard":
      return quizReviewButton(scope, action);
    case "quiz.respond":
      return quizRespondButton(scope, action);
    default:
      return playerClick(scope, action);
  }
}

async function playerClick(
  scope: InteractionScope<ButtonInteraction>,
  action: Extract<QuizAction, { kind: "quiz.join" | "quiz.answer" | "quiz.control" | "quiz.result" }>,
): Promise<void> {
  const reply = await scope.defer({ ephemeral: true, work: "quiz" });
  // "My result" comes after the game: nothing more will be sent through that token.
  if (action.kind !== "quiz.result") rememberQuizToken(scope, action.sessionId);
  const { engine } = scope.ctx.deps.quiz;
  const { actor, platformStaff } = scope.place;
  const { sessionId } = action;
  let outcome: Reply;
  switch (action.kind) {
    case "quiz.join":
      outcome = await engine.join({
        sessionId,
        actor,
        platformStaff,
        teamHint: teamRoleOf(scope.interaction),
      });
      break;
    case "quiz.answer":
      outcome = await engine.answer({
        sessionId,
        questionIndex: action.questionIndex,
        actor,
        response: { choices: [action.choice] },
        platformStaff,
        teamHint: teamRoleOf(scope.interaction),
      });
      break;
    case "quiz.control":
      outcome = await engine.control({ sessionId, actor, command: action.command, platformStaff });
      break;
    case "quiz.result":
      outcome = await engine.myResult({ sessionId, actor });
      break;
  }
  await reply.show(toDiscordMessages({ ...outcome, visibility: "private" }));
}
