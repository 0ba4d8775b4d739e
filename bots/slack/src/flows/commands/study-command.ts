import {
  enterSpace,
  findSpaceCourse,
  noticeReply,
  type Reply,
  runStudyCommand,
  type StudyCommand,
  type StudyPlace,
} from "@studyhall/core";
import { toBlockKit } from "../../render/to-block-kit.ts";
import { isDirectMessageChannel } from "../../slack/slack-identity.ts";
import { fileNames, postInDm, uploadReplyFiles } from "../../slack/study-delivery.ts";
import type { SlackContext } from "../../slack-context.ts";
import { deckImportModal } from "../../views/deck-import-modal.ts";
import type { CommandRequest } from "./command-request.ts";

/** A parsed study command and the course the person named (`in:<slug>`), if any. */
export interface StudyRequest {
  command: StudyCommand;
  course?: string;
}

/** True when the study command opens a modal, whose trigger_id dies three seconds after the command. */
export function studyCommandOpensModal(study: StudyRequest): boolean {
  return study.command.name === "deck.import" && !study.command.text.trim();
}

/**
 * `/studyhall <study words>`: runs the command through core's study front door. A review or practice
 * session is posted in the person's DM with the app (each click then edits it there) and the command
 * is answered with one short line; files (a deck's .apkg, a study guide's .md and .pdf) go to that DM;
 * everything else answers privately where it was typed.
 */
export async function runStudyFlow(
  ctx: SlackContext,
  req: CommandRequest,
  study: StudyRequest,
): Promise<void> {
  const { command } = study;
  if (command.name === "deck.import" && !command.text.trim()) {
    // The form first, while the command's trigger_id is fresh; joining the channel's course after.
    await req.client.views.open({
      trigger_id: req.command.trigger_id,
      view: deckImportModal({
        title: command.title,
        channel: req.command.channel_id,
        ...(study.course ? { course: study.course } : {}),
      }),
    });
    await studyPlace(ctx, req, study.course);
    return;
  }
  const place = await studyPlace(ctx, req, study.course);
  const progress = progressInPlace(ctx, req);
  const reply = await runStudyCommand(ctx.deps, { ...place, command }, { onProgress: progress.show });
  const session =
    (command.name === "review" && hasButton(reply, "card.show")) ||
    (command.name === "practice" && command.quiz !== undefined);
  if (session) return startSessionInDm(req, reply, command.name === "review" ? "cards" : "practice");
  await deliver(req, reply, progress.shown());
}

/**
 * Who and where, for core: in a channel linked to a course the person joins it first (as the ask and
 * quiz commands do); a DM has no channel course, so core picks the person's course.
 */
export async function studyPlace(
  ctx: SlackContext,
  req: CommandRequest,
  course: string | undefined,
): Promise<StudyPlace> {
  const named = course ? { course } : {};
  if (isDirectMessageChannel(req.command.channel_id)) return { actor: req.actor, space: null, ...named };
  if (await findSpaceCourse(ctx.deps.db, req.space)) {
    const platformStaff = await ctx.admins.isAdmin(
      req.client,
      req.space.tenant,
      req.actor.externalId,
      req.log,
    );
    await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  }
  return { actor: req.actor, space: req.space, ...named };
}

async function startSessionInDm(
  req: CommandRequest,
  reply: Reply,
  what: "cards" | "practice",
): Promise<void> {
  const dm = await postInDm(req.client, req.actor.externalId, reply);
  req.log.info({ session: what }, "study session posted in the DM");
  if (dm.channel === req.command.channel_id) return;
  await req.reply(
    noticeReply(
      "info",
      what === "cards"
        ? "Your cards are in our direct message: open it to review them."
        : "Your practice is in our direct message: open it to answer the questions.",
    ),
  );
}

/** The reply where it was asked (replacing the progress shown, if any), its files in the DM. */
export async function deliver(req: CommandRequest, reply: Reply, replaceProgress: boolean): Promise<void> {
  const files = reply.files ?? [];
  let shown: Reply = reply;
  if (files.length > 0) {
    await uploadReplyFiles(
      req.client,
      req.actor.externalId,
      files,
      `${files.length === 1 ? "Your file" : "Your files"}: ${files.map((f) => f.title).join(", ")}`.slice(
        0,
        900,
      ),
    );
    shown = {
      ...reply,
      blocks: [
        ...reply.blocks,
        { type: "notice", tone: "info", text: `I sent you ${fileNames(files)} in our direct message.` },
      ],
    };
  }
  const message = toBlockKit(shown);
  await req.respond({
    response_type: message.ephemeral ? "ephemeral" : "in_channel",
    replace_original: replaceProgress,
    text: message.text,
    blocks: message.blocks,
  });
}

/**
 * Long work (a study guide over many passages) shows its progress in one ephemeral message, replaced at
 * most once per update interval; `shown` tells the answer to replace it rather than add a second one.
 */
function progressInPlace(ctx: SlackContext, req: CommandRequest) {
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    shown: () => shown,
    show: async (reply: Reply): Promise<void> => {
      const now = Date.now();
      if (now - last < ctx.updateIntervalMs) return;
      last = now;
      const message = toBlockKit(reply);
      await req.respond({
        response_type: "ephemeral",
        replace_original: shown,
        text: message.text,
        blocks: message.blocks,
      });
      shown = true;
    },
  };
}

function hasButton(reply: Reply, kind: string): boolean {
  return reply.blocks.some(
    (b) => b.type === "buttons" && b.buttons.some((button) => button.action.kind === kind),
  );
}
