import {
  AppError,
  ErrorCode,
  formatBytes,
  listCourseMaterials,
  noticeReply,
  removeMaterial,
} from "@studyhall/core";
import { z } from "zod";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler, CommandScope } from "./command-scope.ts";
import { addMaterialFromFileOrLink } from "./materials-add.ts";

/** `/materials add|list|remove`. */
export const materialsCommand: CommandHandler = async (scope) => {
  const sub = scope.interaction.options.getSubcommand(false);
  if (sub === "add") return addMaterialFromFileOrLink(scope);
  if (sub === "list") return listMaterials(scope);
  if (sub === "remove") return removeOne(scope);
  throw new AppError(ErrorCode.InvalidInput, `unknown materials subcommand ${sub}`, {
    userMessage: "Use `/materials add`, `/materials list` or `/materials remove`.",
  });
};

const STATUS: Record<string, string> = { PENDING: "waiting", PROCESSING: "processing", FAILED: "failed" };

async function listMaterials(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const course = await courseForPlace(db, scope.place);
  const materials = await listCourseMaterials(db, { actor: scope.place.actor, courseId: course.courseId });
  const lines = materials.map(
    (m) =>
      `• **${m.title}** · ${m.type.toLowerCase()} · ${formatBytes(m.sizeBytes)} · ${m.status === "READY" ? `${m.chunkCount} passages` : (STATUS[m.status] ?? m.status)}`,
  );
  const text =
    lines.length > 0
      ? [
          `**${course.courseName}**: ${materials.length} material${materials.length === 1 ? "" : "s"}`,
          ...lines,
        ].join("\n")
      : `**${course.courseName}** has no materials yet. Course staff can add one with \`/materials add file:\` or \`url:\`.`;
  await reply.show(toDiscordMessages({ visibility: "private", blocks: [{ type: "text", text }] }));
}

const removeOptions = z.object({
  material: z
    .string({ error: "Choose the material to remove." })
    .trim()
    .min(1, "Choose the material to remove."),
});

async function removeOne(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const { material: chosen } = removeOptions.parse({
    material: scope.interaction.options.getString("material") ?? undefined,
  });
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const { actor } = scope.place;
  const course = await courseForPlace(db, scope.place);
  // Autocomplete sends the id; someone who typed a title instead gets it matched within the course.
  const materialId = z.uuid().safeParse(chosen).success
    ? chosen
    : (await listCourseMaterials(db, { actor, courseId: course.courseId })).find(
        (m) => m.title.toLowerCase() === chosen.toLowerCase(),
      )?.id;
  if (!materialId) {
    throw new AppError(ErrorCode.NotFound, "no material with that title", {
      userMessage: `There is no material called "${chosen}" in ${course.courseName}.`,
    });
  }
  const removed = await removeMaterial(db, { actor, courseId: course.courseId, materialId });
  scope.log.info({ courseId: course.courseId, materialId }, "material removed");
  const text = `Removed **${removed.title}**. The tutor no longer answers from it.`;
  await reply.edit(toDiscordMessages(noticeReply("info", text))[0]!);
}
