import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireOpenCourse } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { studyStaff } from "../study-guides/study-access.ts";
import { promptNotFound, readPrompt, toWritingPromptView } from "./writing-prompt-view.ts";
import type { WritingPromptView } from "./writing-types.ts";

export const reviewWritingPromptInput = z.object({ actor: actorSchema, promptId: z.string().max(100) });

/** Staff of the prompt's course approve a DRAFT prompt; students can write for it from then on. Audited. */
export async function approveWritingPrompt(
  db: Prisma,
  input: z.input<typeof reviewWritingPromptInput>,
): Promise<WritingPromptView> {
  const { row, userId, platform } = await staffPrompt(db, input);
  if (row.status === "APPROVED") return toWritingPromptView(row);
  const approved = await db.$transaction(async (tx) => {
    const updated = await tx.writingPrompt.update({
      where: { id: row.id },
      data: { status: "APPROVED", approvedById: userId, approvedAt: new Date() },
    });
    await recordAudit(tx, {
      action: "writing.approved",
      courseId: row.courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "writing_prompt",
      targetId: row.id,
      details: { title: row.title.slice(0, 200) },
    });
    return updated;
  });
  return toWritingPromptView(approved);
}

/**
 * Staff discard a prompt: a DRAFT is deleted (nobody wrote for it); an APPROVED prompt is archived,
 * so the submissions and feedback students have stay theirs. Audited.
 */
export async function discardWritingPrompt(
  db: Prisma,
  input: z.input<typeof reviewWritingPromptInput>,
): Promise<void> {
  const { row, userId, platform } = await staffPrompt(db, input);
  await db.$transaction(async (tx) => {
    if (row.status === "DRAFT") await tx.writingPrompt.delete({ where: { id: row.id } });
    else await tx.writingPrompt.update({ where: { id: row.id }, data: { status: "ARCHIVED" } });
    await recordAudit(tx, {
      action: "writing.discarded",
      courseId: row.courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "writing_prompt",
      targetId: row.id,
      details: { title: row.title.slice(0, 200), was: row.status },
    });
  });
}

async function staffPrompt(db: Prisma, input: z.input<typeof reviewWritingPromptInput>) {
  const { actor, promptId } = parseUseCaseInput(reviewWritingPromptInput, input);
  const row = await readPrompt(db, promptId);
  const { userId, course } = await studyStaff(db, actor, row.courseId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === ErrorCode.NotFound) throw promptNotFound(promptId);
    throw error;
  });
  requireOpenCourse(course);
  return { row, userId, platform: actor.platform };
}
