import {
  AppError,
  addMaterial,
  ErrorCode,
  formatBytes,
  type IngestProgress,
  MAX_MATERIAL_BYTES,
  noticeReply,
  type Reply,
  requireStaff,
} from "@studyhall/core";
import { Routes } from "discord.js";
import { z } from "zod";
import { downloadAttachment } from "../client/download-attachment.ts";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { createThrottledEditor } from "../reply/throttled-editor.ts";
import type { CommandScope } from "./command-scope.ts";

const addOptions = z.object({
  file: z.object(
    { url: z.string(), name: z.string(), size: z.number(), contentType: z.string().nullable() },
    { error: "Attach the file to add with the file option." },
  ),
  title: z.string().trim().min(1).max(300).optional(),
});

const STAGES: Record<IngestProgress["stage"], string> = {
  extracting: "Reading the file",
  embedding: "Indexing passages",
  storing: "Saving",
  done: "Done",
};

/**
 * `/materials add file:` (course staff): downloads the attachment and ingests it, showing progress by
 * editing the reply. The interaction token only lives 15 minutes: when ingestion outlasts it, the
 * result is posted as a channel message instead.
 */
export async function addMaterialFromAttachment(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const attachment = scope.interaction.options.getAttachment("file");
  const { file, title } = addOptions.parse({
    file: attachment ?? undefined,
    title: scope.interaction.options.getString("title") ?? undefined,
  });
  requireSpace(scope.place);
  const { deps } = scope.ctx;
  const course = await courseForPlace(deps.db, scope.place);
  // Refuse before downloading anything: staff only, and not larger than we take.
  await requireStaff(deps.db, course.courseId, course.userId);
  if (file.size > MAX_MATERIAL_BYTES) {
    throw new AppError(ErrorCode.MaterialTooLarge, "attachment larger than the limit", {
      userMessage: `That file is ${formatBytes(file.size)}; StudyHall takes files up to ${formatBytes(MAX_MATERIAL_BYTES)}.`,
    });
  }
  const editor = createThrottledEditor<IngestProgress>({
    intervalMs: scope.ctx.tuning.streamEditIntervalMs,
    send: async (p) => {
      if (reply.fresh()) await reply.edit(progressMessage(file.name, p.stage, p.progress));
    },
    onError: (error) => scope.log.warn({ err: error }, "progress edit failed"),
  });
  editor.push({ materialId: null, stage: "extracting", progress: 0 });
  try {
    const data = await downloadAttachment(file.url, MAX_MATERIAL_BYTES);
    const result = await addMaterial(
      {
        actor: scope.place.actor,
        courseId: course.courseId,
        data,
        fileName: file.name,
        ...(file.contentType ? { contentType: file.contentType } : {}),
        ...(title ? { title } : {}),
      },
      deps.ingest,
      { onProgress: (p) => editor.push(p) },
    );
    await editor.finish();
    const { material, duplicate } = result;
    scope.log.info({ courseId: course.courseId, materialId: material.id, duplicate }, "material added");
    const text = duplicate
      ? `**${material.title}** is already in ${course.courseName}; nothing changed.`
      : `Added **${material.title}** to ${course.courseName}: ${material.chunkCount} passages the tutor can now cite.`;
    await finish(
      scope,
      noticeReply("info", text),
      `📚 **${material.title}** was added to ${course.courseName} by <@${scope.place.actor.externalId}>.`,
    );
  } finally {
    await editor.finish();
  }
}

function progressMessage(fileName: string, stage: IngestProgress["stage"], value: number) {
  const reply: Reply = {
    visibility: "private",
    blocks: [{ type: "progress", label: `${fileName}: ${STAGES[stage]}`, value }],
  };
  return toDiscordMessages(reply)[0]!;
}

/** The final word: edit the reply while its token lives, else a message in the channel. */
async function finish(scope: CommandScope, reply: Reply, channelText: string): Promise<void> {
  if (scope.reply?.fresh()) {
    await scope.reply.edit(toDiscordMessages(reply)[0]!);
    return;
  }
  scope.log.info("interaction token expired during ingestion; posting to the channel");
  await scope.ctx.client.rest.post(Routes.channelMessages(scope.interaction.channelId), {
    body: { content: channelText, allowed_mentions: { parse: [] } },
  });
}
