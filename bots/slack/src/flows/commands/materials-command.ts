import {
  AppError,
  addMaterial,
  ErrorCode,
  enterSpace,
  listCourseMaterials,
  type Material,
  materialsRefusal,
  noticeReply,
  permits,
  type Reply,
  removeMaterial,
} from "@studyhall/core";
import { toBlockKit } from "../../render/to-block-kit.ts";
import { postLiveMessage } from "../../slack/live-message.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

type MaterialsAction =
  | { action: "list" }
  | { action: "add"; url: string }
  | { action: "remove"; index: number };

/** `/studyhall materials [add <link> | remove <n>]`: list for everyone in the course; changes for staff. */
export async function runMaterialsCommand(
  ctx: SlackContext,
  req: CommandRequest,
  what: MaterialsAction,
): Promise<void> {
  const { db } = ctx.deps;
  const platformStaff =
    what.action !== "list" &&
    (await ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log));
  const member = await enterSpace(db, { actor: req.actor, space: req.space, platformStaff });
  if (what.action === "list") {
    const materials = await listCourseMaterials(db, { actor: req.actor, courseId: member.course.id });
    return req.reply(listReply(member.course.name, materials));
  }
  // Checked here too so nothing is downloaded for someone who may not add it; adding follows the
  // course's materials setting, removing stays with staff.
  if (what.action === "add" && !permits(member.course.materialsPolicy, member.role)) throw materialsRefusal();
  if (what.action === "remove" && member.role !== "STAFF") {
    throw new AppError(ErrorCode.Forbidden, "non-staff changed materials", {
      userMessage: "Only course staff can add or remove materials.",
    });
  }
  if (what.action === "remove") {
    const materials = await listCourseMaterials(db, { actor: req.actor, courseId: member.course.id });
    const target = materials[what.index - 1];
    if (!target)
      return req.reply(
        noticeReply("error", `There is no material number ${what.index}. See \`/studyhall materials\`.`),
      );
    const removed = await removeMaterial(db, {
      actor: req.actor,
      courseId: member.course.id,
      materialId: target.id,
    });
    return req.reply(noticeReply("info", `Removed **${removed.title}** from ${member.course.name}.`));
  }
  await addFromUrl(ctx, req, member.course, what.url);
}

async function addFromUrl(
  ctx: SlackContext,
  req: CommandRequest,
  course: { id: string; name: string },
  url: string,
) {
  const live = await postLiveMessage(
    req.client,
    { channel: req.command.channel_id },
    toBlockKit({
      visibility: "public",
      blocks: [{ type: "progress", label: `Downloading ${url}`, value: 0 }],
    }),
    { intervalMs: ctx.updateIntervalMs, log: req.log },
  );
  try {
    const file = await ctx.fetchUrl(url, req.log);
    const { material, duplicate } = await addMaterial(
      {
        actor: req.actor,
        courseId: course.id,
        data: file.data,
        fileName: file.fileName,
        sourceUrl: file.url,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      },
      ctx.deps.ingest,
      {
        onProgress: (p) =>
          live.set(
            toBlockKit({
              visibility: "public",
              blocks: [{ type: "progress", label: `Adding ${file.fileName}`, value: p.progress }],
            }),
          ),
      },
    );
    const text = duplicate
      ? `**${material.title}** is already in ${course.name}; nothing changed.`
      : `:white_check_mark: Added **${material.title}** to ${course.name}: ${material.chunkCount} passages.`;
    await live.finish(toBlockKit({ visibility: "public", blocks: [{ type: "text", text }] }));
  } catch (error) {
    // The public progress message goes; the reason is told to the person who asked.
    await live.remove();
    throw error;
  }
}

function listReply(courseName: string, materials: Material[]): Reply {
  if (materials.length === 0) {
    return noticeReply(
      "info",
      `${courseName} has no materials yet. Course staff can share a file with me or use \`/studyhall materials add <link>\`.`,
    );
  }
  const lines = materials.map((m, i) => {
    const status =
      m.status === "READY"
        ? `${m.chunkCount} passages`
        : m.status === "FAILED"
          ? `failed: ${m.error ?? "unknown"}`
          : "processing";
    const pages = m.pageCount ? `, ${m.pageCount} pages` : "";
    return `${i + 1}. **${m.title}** (${m.type.toLowerCase()}${pages}) · ${status}`;
  });
  return {
    visibility: "private",
    blocks: [{ type: "text", text: `Materials of **${courseName}**:\n${lines.join("\n")}` }],
  };
}
