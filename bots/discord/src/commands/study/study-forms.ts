import {
  AppError,
  answerPracticeForm,
  choiceLabel,
  chooseStudyCourse,
  ErrorCode,
  findWritingPrompt,
  type PracticeForm,
  parseNumericAnswer,
  practiceForm,
  type StudyAction,
  submitWritingForm,
  type WritingForm,
  writingForm,
} from "@studyhall/core";
import {
  type ButtonInteraction,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { z } from "zod";
import { encodeAction } from "../../render/action-codec.ts";
import {
  DISCORD_MAX_MODAL_TITLE,
  DISCORD_MAX_SELECT_LABEL,
  DISCORD_MAX_SELECT_OPTIONS,
  DISCORD_MAX_TEXT_DISPLAY,
  DISCORD_MAX_TEXT_INPUT,
} from "../../render/discord-limits.ts";
import type { CommandScope, InteractionScope } from "../command-scope.ts";
import { showStudyReply } from "./show-study-reply.ts";
import { enterStudyPlace } from "./study-place.ts";

type PracticeRespond = Extract<StudyAction, { kind: "practice.respond" }>;
type WritingOpen = Extract<StudyAction, { kind: "writing.open" }>;

/** The ids of the practice form's answer (a text input, or a menu for multiple select). */
export const PRACTICE_ANSWER_ID = "answer";
export const PRACTICE_CHOICES_ID = "choices";
/** The writing form's text boxes: `writing0`, `writing1`, … (one box takes 4,000 characters). */
export const WRITING_PART_PREFIX = "writing";
/** A modal holds at most five components; one shows the prompt. */
const MAX_WRITING_PARTS = 4;

/**
 * "Answer" on a practice question not answered with one click: a form, Discord's first answer to the
 * click (one read first). Typed answers get a text box; multiple select a menu of the choices.
 */
export async function openPracticeForm(
  scope: InteractionScope<ButtonInteraction>,
  action: PracticeRespond,
): Promise<void> {
  const form = await practiceForm(scope.ctx.deps, { actor: scope.place.actor, ...action });
  await scope.interaction.showModal(practiceModal(action, form));
}

function practiceModal(action: PracticeRespond, form: PracticeForm): ModalBuilder {
  const label = new LabelBuilder();
  if (form.kind === "MULTIPLE_SELECT") {
    label.setLabel("Select every correct answer").setStringSelectMenuComponent(
      new StringSelectMenuBuilder()
        .setCustomId(PRACTICE_CHOICES_ID)
        .setMinValues(1)
        .setMaxValues(Math.max(1, Math.min(form.choices.length, DISCORD_MAX_SELECT_OPTIONS)))
        .addOptions(
          form.choices.slice(0, DISCORD_MAX_SELECT_OPTIONS).map((choice, i) => ({
            label: choiceLabel(form.kind, i, choice).slice(0, DISCORD_MAX_SELECT_LABEL),
            value: String(i),
          })),
        ),
    );
  } else {
    const numeric = form.kind === "NUMERIC";
    label.setLabel(numeric ? "Your answer (a number)" : "Your answer").setTextInputComponent(
      new TextInputBuilder()
        .setCustomId(PRACTICE_ANSWER_ID)
        .setStyle(TextInputStyle.Short)
        .setRequired(true)
        .setMaxLength(numeric ? 40 : 200)
        .setPlaceholder(numeric ? "e.g. 42 or 3.5" : "Type your answer"),
    );
  }
  return new ModalBuilder()
    .setCustomId(encodeAction(action)!)
    .setTitle(form.title.slice(0, DISCORD_MAX_MODAL_TITLE))
    .addTextDisplayComponents(
      new TextDisplayBuilder().setContent(`**${form.prompt}**`.slice(0, DISCORD_MAX_TEXT_DISPLAY)),
    )
    .addLabelComponents(label);
}

const selected = z.array(z.coerce.number().int().min(0).max(DISCORD_MAX_SELECT_OPTIONS)).min(1);

/** The practice form submitted: core checks the answer; its feedback replaces the question's message. */
export async function practiceFormSubmit(
  scope: InteractionScope<ModalSubmitInteraction>,
  action: PracticeRespond,
): Promise<void> {
  const reply = await studyFormReply(scope);
  const { deps } = scope.ctx;
  const actor = scope.place.actor;
  const form = await practiceForm(deps, { actor, ...action });
  const { fields } = scope.interaction;
  let response: { choices?: number[]; text?: string; number?: number };
  if (form.kind === "MULTIPLE_SELECT") {
    response = { choices: selected.parse(fields.getStringSelectValues(PRACTICE_CHOICES_ID)) };
  } else if (form.kind === "NUMERIC") {
    const typed = fields.getTextInputValue(PRACTICE_ANSWER_ID);
    const number = parseNumericAnswer(typed);
    if (number === undefined) {
      throw new AppError(ErrorCode.InvalidInput, "not a number", {
        userMessage: `“${typed.slice(0, 40)}” is not a number. Click Answer again and type one, like 42 or 3.5.`,
      });
    }
    response = { number };
  } else {
    response = { text: fields.getTextInputValue(PRACTICE_ANSWER_ID) };
  }
  const result = await answerPracticeForm(deps, { actor, ...action, response });
  await showStudyReply(reply, result.reply);
}

/** "Write" on a prompt: the writing form, as Discord's first answer to the click. */
export async function openWritingForm(
  scope: InteractionScope<ButtonInteraction> | CommandScope,
  promptId: string,
): Promise<void> {
  const form = await writingForm(scope.ctx.deps, { actor: scope.place.actor, promptId });
  await scope.interaction.showModal(writingModal(form));
}

/** `/writing submit prompt:`: the prompt by id, list number or title (core finds it), then its form. */
export async function openWritingFormByName(
  scope: CommandScope,
  input: { course: string | null; prompt: string },
): Promise<void> {
  const { db } = scope.ctx.deps;
  const place = await enterStudyPlace(scope.ctx, scope.place, input.course);
  const course = await chooseStudyCourse(db, place, { span: false });
  const prompt = await findWritingPrompt(db, {
    actor: place.actor,
    courseId: course!.courseId,
    prompt: input.prompt,
  });
  await openWritingForm(scope, prompt.id);
}

function writingModal(form: WritingForm): ModalBuilder {
  const action: WritingOpen = { kind: "writing.open", promptId: form.promptId };
  const criteria = form.criteria.map((c) => `• ${c}`).join("\n");
  const parts = Math.min(MAX_WRITING_PARTS, Math.ceil(form.maxChars / DISCORD_MAX_TEXT_INPUT));
  const labels = Array.from({ length: parts }, (_, i) =>
    new LabelBuilder()
      .setLabel(i === 0 ? "Your writing" : `Your writing, continued (part ${i + 1})`)
      .setTextInputComponent(
        new TextInputBuilder()
          .setCustomId(`${WRITING_PART_PREFIX}${i}`)
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(i === 0)
          .setMaxLength(DISCORD_MAX_TEXT_INPUT),
      ),
  );
  const intro = `**${form.prompt}**\n\nScored on:\n${criteria}\n\nAt most ${form.maxChars.toLocaleString("en-US")} characters in all; a long text continues in the next box.`;
  return new ModalBuilder()
    .setCustomId(encodeAction(action)!)
    .setTitle(form.title.slice(0, DISCORD_MAX_MODAL_TITLE))
    .addTextDisplayComponents(new TextDisplayBuilder().setContent(intro.slice(0, DISCORD_MAX_TEXT_DISPLAY)))
    .addLabelComponents(...labels);
}

/** The writing form submitted: core scores it (or refuses it, naming the limit); the feedback is shown. */
export async function writingFormSubmit(
  scope: InteractionScope<ModalSubmitInteraction>,
  action: WritingOpen,
): Promise<void> {
  const reply = await studyFormReply(scope);
  const parts: string[] = [];
  for (let i = 0; i < MAX_WRITING_PARTS; i++) {
    const part = scope.interaction.fields.fields.get(`${WRITING_PART_PREFIX}${i}`);
    const value = part && "value" in part ? String(part.value) : "";
    if (value.trim()) parts.push(value.trim());
  }
  const result = await submitWritingForm(scope.ctx.deps, {
    actor: scope.place.actor,
    promptId: action.promptId,
    text: parts.join("\n\n"),
  });
  scope.log.info({ promptId: action.promptId, chars: parts.join("\n\n").length }, "writing submitted");
  await showStudyReply(reply, result);
}

/**
 * The acknowledgement of a submitted study form: a form opened from a message's button updates that
 * message (errors come privately, the message stays); one opened by a command gets a private reply.
 */
async function studyFormReply(scope: InteractionScope<ModalSubmitInteraction>) {
  if (scope.interaction.isFromMessage()) {
    scope.errorsAsFollowUp = true;
    return scope.deferUpdate({ work: "study" });
  }
  return scope.defer({ ephemeral: scope.place.space !== null });
}
