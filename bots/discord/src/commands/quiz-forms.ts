import {
  AppError,
  choiceLabel,
  ErrorCode,
  type OpenQuestion,
  parseNumericAnswer,
  type QuizResponse,
  type ReplyAction,
} from "@studyhall/core";
import {
  type ButtonInteraction,
  ComponentType,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { z } from "zod";
import { teamRoleOf } from "../context/discord-member.ts";
import { encodeAction } from "../render/action-codec.ts";
import { type DiscordMessage, toDiscordMessages } from "../render/to-discord-messages.ts";
import type { InteractionScope } from "./command-scope.ts";
import { rememberQuizToken } from "./quiz-token.ts";

type Respond = Extract<ReplyAction, { kind: "quiz.respond" }>;

/** The text input of the answer modal. */
export const ANSWER_INPUT_ID = "answer";
/** Discord: a modal title is at most 45 characters, a text display at most 4,000. */
const MODAL_TITLE_MAX = 45;

/**
 * "Answer" on a question that is not answered with one click. Typed answers (text, a number) open a
 * modal, which must be Discord's first answer to the click, so it is not deferred (one small read
 * first); a multiple-select question gets an ephemeral menu whose selection is the answer.
 */
export async function showQuizAnswerForm(
  scope: InteractionScope<ButtonInteraction>,
  action: Respond,
  question: OpenQuestion,
): Promise<void> {
  if (question.kind === "SHORT_TEXT" || question.kind === "NUMERIC") {
    await scope.interaction.showModal(answerModal(action, question));
    return;
  }
  const reply = await scope.defer({ ephemeral: true, work: "quiz" });
  rememberQuizToken(scope, action.sessionId);
  await reply.edit(choiceMenu(action, question));
}

function answerModal(action: Respond, question: OpenQuestion): ModalBuilder {
  const numeric = question.kind === "NUMERIC";
  return new ModalBuilder()
    .setCustomId(encodeAction(action)!)
    .setTitle(`Question ${question.questionIndex + 1}`.slice(0, MODAL_TITLE_MAX))
    .addTextDisplayComponents(new TextDisplayBuilder().setContent(`**${question.prompt}**`))
    .addLabelComponents(
      new LabelBuilder().setLabel(numeric ? "Your answer (a number)" : "Your answer").setTextInputComponent(
        new TextInputBuilder()
          .setCustomId(ANSWER_INPUT_ID)
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(numeric ? 40 : 200)
          .setPlaceholder(numeric ? "e.g. 42 or 3.5" : "Type your answer"),
      ),
    );
}

function choiceMenu(action: Respond, question: OpenQuestion): DiscordMessage {
  const many = question.kind === "MULTIPLE_SELECT";
  return {
    content: `**${question.prompt}**\n${many ? "Select every correct answer, then click outside the menu." : "Choose one answer."}`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: encodeAction(action)!,
            placeholder: many ? "Select all that apply" : "Choose an answer",
            min_values: 1,
            max_values: Math.max(1, Math.min(question.maxChoices, question.choices.length)),
            options: question.choices.map((choice, i) => ({
              label: choiceLabel(question.kind, i, choice).slice(0, 100),
              value: String(i),
            })),
          },
        ],
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** The submitted answer modal: a number or text, checked by core against the open question. */
export async function quizModalSubmit(
  scope: InteractionScope<ModalSubmitInteraction>,
  action: Respond,
): Promise<void> {
  const reply = await scope.defer({ ephemeral: true, work: "quiz" });
  rememberQuizToken(scope, action.sessionId);
  const typed = scope.interaction.fields.getTextInputValue(ANSWER_INPUT_ID);
  const { engine } = scope.ctx.deps.quiz;
  const question = await engine.describeOpenQuestion(action.sessionId, action.questionIndex);
  let response: QuizResponse;
  if (question?.kind === "NUMERIC") {
    const number = parseNumericAnswer(typed);
    if (number === undefined)
      throw new AppError(ErrorCode.InvalidInput, "not a number", {
        userMessage: `“${typed.slice(0, 40)}” is not a number. Click Answer again and type one, like 42 or 3.5.`,
      });
    response = { number };
  } else {
    response = { text: typed };
  }
  const outcome = await engine.answer({
    sessionId: action.sessionId,
    questionIndex: action.questionIndex,
    actor: scope.place.actor,
    response,
    platformStaff: scope.place.platformStaff,
    teamHint: teamRoleOf(scope.interaction),
  });
  await reply.show(toDiscordMessages(outcome));
}

const selected = z.array(z.coerce.number().int().min(0).max(9)).min(1).max(10);

/** The answer menu's selection: replaces the menu with the outcome ("Locked in: A, C"). */
export async function quizSelectSubmit(
  scope: InteractionScope<StringSelectMenuInteraction>,
  action: Respond,
): Promise<void> {
  const reply = await scope.deferUpdate();
  rememberQuizToken(scope, action.sessionId);
  const choices = selected.parse(scope.interaction.values);
  const outcome = await scope.ctx.deps.quiz.engine.answer({
    sessionId: action.sessionId,
    questionIndex: action.questionIndex,
    actor: scope.place.actor,
    response: { choices },
    platformStaff: scope.place.platformStaff,
    teamHint: teamRoleOf(scope.interaction),
  });
  await reply.edit({ ...toDiscordMessages(outcome)[0]!, components: [] });
}
