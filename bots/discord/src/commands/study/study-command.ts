import {
  noticeReply,
  type Reply,
  runStudyCommand,
  type StudyCommand,
  type StudyPlace,
} from "@studyhall/core";
import { DiscordAPIError } from "discord.js";
import { z } from "zod";
import { discordFileDestination, downloadAttachment } from "../../client/download-attachment.ts";
import type { InteractionReply } from "../../client/interaction-reply.ts";
import { sendDirectMessages } from "../../client/send-direct-messages.ts";
import { toDiscordMessages } from "../../render/to-discord-messages.ts";
import type { CommandHandler, CommandScope } from "../command-scope.ts";
import { showStudyReply } from "./show-study-reply.ts";
import { studyRequestOf } from "./study-command-options.ts";
import { openWritingFormByName } from "./study-forms.ts";
import { enterStudyPlace } from "./study-place.ts";

/** Discord's "Cannot send messages to this user": the person does not take DMs from server members. */
const DMS_CLOSED = 50007;

/**
 * `/cards`, `/practice`, `/guide` and `/writing`: the options become a study command for core
 * (runStudyCommand decides everything), shown privately where it was asked. `/cards review` from a
 * channel sends the card to the person's DM, where each click edits it in place; `/writing submit`
 * opens the writing form; `/cards import` reads its attachment first.
 */
export const studyCommand: CommandHandler = async (scope) => {
  const { interaction, ctx, place } = scope;
  const request = studyRequestOf(interaction.commandName, interaction.options);
  const course = interaction.options.getString("course")?.trim() || null;
  if (request.kind === "writing.form") {
    await openWritingFormByName(scope, { course, prompt: request.prompt });
    return;
  }
  // A DM is private already, and an ephemeral message there would vanish when the app reloads.
  const reply = await scope.defer({ ephemeral: place.space !== null });
  const studyPlace = await enterStudyPlace(ctx, place, course);
  const command = request.kind === "import" ? await importCommand(scope, request.title) : request.command;
  const shown = await runStudyCommand(
    ctx.deps,
    { ...studyPlace, command },
    { onProgress: progressShower(scope, reply) },
  );
  scope.log.info({ command: command.name, files: shown.files?.length ?? 0 }, "study command");
  if (command.name === "review" && place.space && startsReview(shown)) {
    await reviewInDm(scope, reply, studyPlace, shown);
    return;
  }
  await showStudyReply(reply, shown);
};

/**
 * Shows core's progress (a study guide's sections) by editing the reply, at most once per streaming
 * interval (Discord allows a few edits of a message every few seconds); the progress in between is
 * skipped, as the final reply replaces it anyway. Each shown edit is awaited, so it cannot land after
 * the final reply.
 */
function progressShower(scope: CommandScope, reply: InteractionReply): (progress: Reply) => Promise<void> {
  let shownAt = Number.NEGATIVE_INFINITY;
  return async (progress) => {
    const now = Date.now();
    if (now - shownAt < scope.ctx.tuning.streamEditIntervalMs || !reply.fresh()) return;
    shownAt = now;
    await reply
      .edit(toDiscordMessages(progress)[0]!)
      .catch((error: unknown) => scope.log.warn({ err: error }, "study progress edit failed"));
  };
}

const importFile = z.object({ url: z.string(), name: z.string().min(1) });

/** `/cards import`: the attachment's text (Anki or Quizlet export) as a deck.import command. */
async function importCommand(scope: CommandScope, title: string | null): Promise<StudyCommand> {
  const file = importFile.parse(scope.interaction.options.getAttachment("file", true));
  const data = await downloadAttachment(file, {
    destination: discordFileDestination(scope.ctx.settings.apiUrl),
    log: scope.log,
  });
  const text = new TextDecoder("utf-8").decode(data);
  const fromName = file.name
    .replace(/\.[^.]+$/, "")
    .replace(/[_-]+/g, " ")
    .trim();
  return { name: "deck.import", title: title ?? (fromName || "Imported deck"), text };
}

/** Whether the review reply shows a card (rather than "All done"): it has a Show button. */
function startsReview(reply: Reply): boolean {
  return reply.blocks.some(
    (b) => b.type === "buttons" && b.buttons.some((button) => button.action.kind === "card.show"),
  );
}

/**
 * The first card goes to the person's DM with the bot, where the review goes on; the command is
 * answered privately. When they take no DMs from the server, the review happens in the private reply.
 */
async function reviewInDm(
  scope: CommandScope,
  reply: InteractionReply,
  place: StudyPlace,
  card: Reply,
): Promise<void> {
  try {
    await sendDirectMessages(
      scope.ctx.client.rest,
      place.actor.externalId,
      toDiscordMessages({ ...card, visibility: "public" }),
    );
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || Number(error.code) !== DMS_CLOSED) throw error;
    scope.log.info("DMs closed; reviewing in the private reply");
    const note = "I can't send you DMs (your privacy settings for this server), so review here instead.";
    await showStudyReply(reply, {
      ...card,
      blocks: [{ type: "notice", tone: "info", text: note }, ...card.blocks],
    });
    return;
  }
  await reply.edit(
    toDiscordMessages(noticeReply("info", "Your first card is in your DMs with me: review it there."))[0]!,
  );
}
