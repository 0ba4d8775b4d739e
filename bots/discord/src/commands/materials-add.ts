import {
  addMaterial,
  fetchMaterialUrl,
  type IngestProgress,
  MAX_MATERIAL_BYTES,
  materialTooLarge,
  noticeReply,
  type Reply,
  requireMaterialsAccess,
} from "@studyhall/core";
import { Routes } from "discord.js";
import { z } from "zod";
import { discordFileDestination, downloadAttachment } from "../client/download-attachment.ts";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { createThrottledEditor } from "../reply/throttled-editor.ts";
import type { CommandScope } from "./command-scope.ts";

const attachment = z.object({
  url: z.string(),
  name: z.string(),
  size: z.number(),
  contentType: z.string().nullable(),
});

const addOptions = z
  .object({
    file: attachment.optional(),
    url: z.string().trim().min(1).max(2_000).optional(),
    title: z.string().trim().min(1).max(300).optional(),
  })
  .refine((o) => (o.file ? 1 : 0) + (o.url ? 1 : 0) === 1, {
    error: "Attach a file with the file option, or give a link with the url option (one of them).",
  });

type AddOptions = z.infer<typeof addOptions>;

const STAGES: Record<IngestProgress["stage"], string> = {
  extracting: "Reading the file",
  embedding: "Indexing passages",
  storing: "Saving",
  done: "Done",
};

/**
 * `/materials add file:|url:` (course staff): downloads the attachment, or the link through core's
 * fetchMaterialUrl (public addresses only), and ingests it, showing progress by editing the reply. The
 * interaction token only lives 15 minutes: when ingestion outlasts it, the result is posted as a channel
 * message instead.
 */
export async function addMaterialFromFileOrLink(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const options = addOptions.parse({
    file: scope.interaction.options.getAttachment("file") ?? undefined,
    url: scope.interaction.options.getString("url") ?? undefined,
    title: scope.interaction.options.getString("title") ?? undefined,
  });
  requireSpace(scope.place);
  const { deps } = scope.ctx;
  const course = await courseForPlace(deps.db, scope.place);
  // Refuse before downloading anything: who the course lets add materials, and not larger than we take.
  await requireMaterialsAccess(deps.db, course.courseId, course.userId);
  if (options.file && options.file.size > MAX_MATERIAL_BYTES) {
    throw materialTooLarge({ bytes: options.file.size, reason: "attachment larger than the limit" });
  }
  const label = options.file?.name ?? options.url ?? "";
  const editor = createThrottledEditor<IngestProgress>({
    intervalMs: scope.ctx.tuning.streamEditIntervalMs,
    send: async (p) => {
      if (reply.fresh()) await reply.edit(progressMessage(label, p.stage, p.progress));
    },
    onError: (error) => scope.log.warn({ err: error }, "progress edit failed"),
  });
  editor.push({ materialId: null, stage: "extracting", progress: 0 });
  try {
    const download = await downloadSource(scope, options);
    const result = await addMaterial(
      {
        actor: scope.place.actor,
        courseId: course.courseId,
        ...download,
        ...(options.title ? { title: options.title } : {}),
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

/** The bytes to ingest: the attachment from Discord's hosts, or the link from a public address. */
async function downloadSource(scope: CommandScope, options: AddOptions) {
  const { settings, tuning } = scope.ctx;
  if (options.file) {
    const { file } = options;
    const data = await downloadAttachment(file, {
      destination: discordFileDestination(settings.apiUrl),
      log: scope.log,
    });
    return { data, fileName: file.name, ...(file.contentType ? { contentType: file.contentType } : {}) };
  }
  const fetched = await fetchMaterialUrl(options.url ?? "", {
    ...tuning.materialLinks,
    allowPrivateHosts: tuning.allowPrivateMaterialHosts ?? false,
    log: scope.log,
  });
  return {
    data: fetched.data,
    fileName: fetched.fileName,
    sourceUrl: fetched.url,
    ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
  };
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
