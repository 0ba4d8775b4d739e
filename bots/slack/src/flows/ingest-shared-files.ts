import type { webApi } from "@slack/bolt";
import {
  AppError,
  addMaterial,
  describeMember,
  ErrorCode,
  enterSpace,
  type IngestProgress,
  type Logger,
  permits,
  type Reply,
} from "@studyhall/core";
import { slackErrorReply } from "../errors/slack-error-reply.ts";
import { toBlockKit } from "../render/to-block-kit.ts";
import { downloadSlackFile } from "../slack/download-slack-file.ts";
import { postLiveMessage } from "../slack/live-message.ts";
import { slackActor, slackSpace } from "../slack/slack-identity.ts";
import type { SlackContext } from "../slack-context.ts";

export interface SharedFiles {
  teamId: string;
  userId: string;
  channelId: string;
  /** The message the files came with; progress is posted in its thread. */
  messageTs: string;
  fileIds: string[];
  /** A DM with the app (the course comes from the person's staff courses) or a bound channel. */
  isDm: boolean;
  /** The message text: in a DM, a leading `course-slug:` names the course. */
  text: string;
}

const STAGES: Record<IngestProgress["stage"], string> = {
  extracting: "Reading",
  embedding: "Indexing",
  storing: "Saving",
  done: "Done",
};

/**
 * Adds files shared with the app to a course, for course staff only (checked before anything is
 * downloaded). Each file gets a progress message in the thread that ends with its result; one bad
 * file does not stop the others.
 */
export async function ingestSharedFiles(
  ctx: SlackContext,
  client: webApi.WebClient,
  botToken: string,
  shared: SharedFiles,
  log: Logger,
): Promise<void> {
  const course = await staffCourse(ctx, client, shared, log);
  const actor = slackActor(shared.teamId, shared.userId);
  for (const fileId of shared.fileIds) {
    const live = await postLiveMessage(
      client,
      { channel: shared.channelId, threadTs: shared.messageTs },
      toBlockKit(progressReply("Downloading", 0)),
      { intervalMs: ctx.updateIntervalMs, log },
    );
    let result: Reply;
    try {
      const file = await downloadSlackFile(client, botToken, fileId, {
        destination: ctx.fileDestination,
        log,
      });
      const { material, duplicate } = await addMaterial(
        {
          actor,
          courseId: course.id,
          data: file.data,
          fileName: file.name,
          ...(file.mimetype ? { contentType: file.mimetype } : {}),
          ...(file.title ? { title: file.title } : {}),
        },
        ctx.deps.ingest,
        {
          onProgress: (p) =>
            live.set(toBlockKit(progressReply(`${STAGES[p.stage]} ${file.name}`, p.progress))),
        },
      );
      const pages = material.pageCount ? ` from ${material.pageCount} pages` : "";
      result = duplicate
        ? notice("info", `**${material.title}** is already in ${course.name}; nothing changed.`)
        : text(
            `:white_check_mark: Added **${material.title}** to ${course.name}: ${material.chunkCount} passages${pages}.`,
          );
      log.info({ materialId: material.id, duplicate }, "shared file ingested");
    } catch (error) {
      result = slackErrorReply(error, log);
    }
    await live.finish(toBlockKit({ ...result, visibility: "public" }));
  }
}

async function staffCourse(ctx: SlackContext, client: webApi.WebClient, shared: SharedFiles, log: Logger) {
  const actor = slackActor(shared.teamId, shared.userId);
  const refuse = () =>
    new AppError(ErrorCode.Forbidden, "non-staff shared a file", {
      userMessage: "Only course staff can add materials. Ask your teacher to share the file with me.",
    });
  if (!shared.isDm) {
    const platformStaff = await ctx.admins.isAdmin(client, shared.teamId, shared.userId, log);
    const member = await enterSpace(ctx.deps.db, {
      actor,
      space: slackSpace(shared.teamId, shared.channelId),
      platformStaff,
    });
    if (!permits(member.course.materialsPolicy, member.role)) throw refuse();
    return member.course;
  }
  const teaching = (await describeMember(ctx.deps.db, actor)).courses.filter((c) => c.role === "STAFF");
  const prefix = /^\s*([\w-]+)\s*:/.exec(shared.text)?.[1]?.toLowerCase();
  const named = teaching.find((c) => c.slug.toLowerCase() === prefix);
  if (named) return named;
  if (teaching.length === 1) return teaching[0]!;
  if (teaching.length === 0) throw refuse();
  throw new AppError(ErrorCode.InvalidInput, "several staff courses for a DM file", {
    userMessage: `You teach several courses. Share the file again with a message starting with the course code (e.g. \`${teaching[0]!.slug}:\`), or share it in the course's channel.`,
  });
}

function progressReply(label: string, value: number): Reply {
  return { visibility: "public", blocks: [{ type: "progress", label, value }] };
}

function text(body: string): Reply {
  return { visibility: "public", blocks: [{ type: "text", text: body }] };
}

function notice(tone: "info" | "warning" | "error", text: string): Reply {
  return { visibility: "public", blocks: [{ type: "notice", tone, text }] };
}
