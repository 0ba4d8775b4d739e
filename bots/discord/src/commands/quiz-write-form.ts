import {
  AppError,
  CHAT_QUIZ_LINES,
  ErrorCode,
  MAX_QUIZ_TITLE_CHARS,
  readChatQuiz,
  writeChatQuiz,
} from "@studyhall/core";
import {
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandScope, InteractionScope } from "./command-scope.ts";

export const QUIZ_WRITE_MODAL_ID = "sh:quiz-write";
export const QUIZ_TITLE_INPUT_ID = "title";
/** Discord: a modal holds at most 5 components (the title and 4 questions); placeholders and label descriptions ≤ 100 characters. */
export const DISCORD_QUIZ_QUESTION_BOXES = 4;
const DISCORD_PLACEHOLDER_MAX = 100;
const LINE_FORMAT = "Question? | *right answer | wrong | wrong";
export const questionInputId = (box: number) => `q${box}`;

/**
 * `/quiz write`: a form for a short quiz, staff only (refused before it opens). The modal must be
 * Discord's first answer to the command, so it is not deferred; the check is one small read.
 */
export async function quizWrite(scope: CommandScope): Promise<void> {
  requireSpace(scope.place);
  const course = await courseForPlace(scope.ctx.deps.db, scope.place);
  if (course.role !== "STAFF")
    throw new AppError(ErrorCode.Forbidden, "non-staff wrote a quiz", {
      userMessage: "Only course staff can write quizzes.",
    });
  await scope.interaction.showModal(quizWriteModal());
}

function quizWriteModal(): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(QUIZ_WRITE_MODAL_ID).setTitle("Write a quiz");
  modal.addLabelComponents(
    new LabelBuilder()
      .setLabel("Title")
      .setTextInputComponent(
        new TextInputBuilder()
          .setCustomId(QUIZ_TITLE_INPUT_ID)
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(MAX_QUIZ_TITLE_CHARS),
      ),
  );
  for (let box = 0; box < DISCORD_QUIZ_QUESTION_BOXES; box++) {
    const label = new LabelBuilder().setLabel(`Question ${box + 1}`);
    if (box === 0)
      label.setDescription(
        `${CHAT_QUIZ_LINES.minAnswers} to ${CHAT_QUIZ_LINES.maxAnswers} answers after |, * before the right one`,
      );
    modal.addLabelComponents(
      label.setTextInputComponent(
        new TextInputBuilder()
          .setCustomId(questionInputId(box))
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(box === 0)
          .setMaxLength(1000)
          .setPlaceholder(
            (box === 0 ? CHAT_QUIZ_LINES.example : LINE_FORMAT).slice(0, DISCORD_PLACEHOLDER_MAX),
          ),
      ),
    );
  }
  return modal;
}

/**
 * The submitted form. Discord cannot show a problem beside a box, so problems come back privately,
 * each naming its question, with the lines as typed to copy into `/quiz write` again; nothing is
 * saved. A good form is saved ready to play (core, staff only).
 */
export async function quizWriteSubmit(scope: InteractionScope<ModalSubmitInteraction>): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const { fields } = scope.interaction;
  const text = (id: string) => {
    try {
      return fields.getTextInputValue(id) ?? "";
    } catch {
      return "";
    }
  };
  const form = {
    title: text(QUIZ_TITLE_INPUT_ID),
    lines: Array.from({ length: DISCORD_QUIZ_QUESTION_BOXES }, (_, box) => text(questionInputId(box))),
  };
  const read = readChatQuiz(form);
  if (read.problems) {
    scope.log.info({ problems: read.problems.length }, "quiz form refused");
    const typed = form.lines.filter((l) => l.trim()).map((l) => `\`${l.replace(/`/g, "'").slice(0, 300)}\``);
    const message = [
      "**The quiz was not saved.**",
      ...read.problems.map((p) => `• ${p.message}`),
      ...(typed.length ? ["What you wrote, to copy into `/quiz write` again:", ...typed] : []),
    ].join("\n");
    await reply.show(toDiscordMessages({ visibility: "private", blocks: [{ type: "text", text: message }] }));
    return;
  }
  const course = await courseForPlace(scope.ctx.deps.db, scope.place);
  const quiz = await writeChatQuiz(scope.ctx.deps.db, {
    actor: scope.place.actor,
    courseId: course.courseId,
    title: form.title,
    lines: form.lines,
  });
  scope.log.info({ quizId: quiz.quizId, questions: quiz.questions }, "quiz written");
  const count = `${quiz.questions} question${quiz.questions === 1 ? "" : "s"}`;
  await reply.show(
    toDiscordMessages({
      visibility: "private",
      blocks: [
        {
          type: "text",
          text: `Quiz “${quiz.title}” saved with ${count}, ready to play: \`/quiz start quiz:${quiz.title}\``,
        },
      ],
    }),
  );
}
