import { z } from "zod";
import { requireStaff } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const listModerationFlagsInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  limit: z.number().int().min(1).max(500).default(100),
});

export interface FlagLine {
  id: string;
  kind: "QUESTION" | "ANSWER";
  categories: string[];
  selfHarm: boolean;
  source: string;
  excerpt: string;
  status: "OPEN" | "REVIEWED";
  /** The student's name as StudyHall knows it; null when none is known. */
  who: string | null;
  createdAt: Date;
}

/** The course's flagged questions and answers, open ones first, newest first within each. Staff only. */
export async function listModerationFlags(
  db: Prisma,
  input: z.input<typeof listModerationFlagsInput>,
): Promise<FlagLine[]> {
  const { actor, courseId, limit } = listModerationFlagsInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const rows = await db.moderationFlag.findMany({
    where: { courseId },
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: limit,
    include: { user: { select: { displayName: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    categories: Array.isArray(row.categories) ? row.categories.map(String) : [],
    selfHarm: row.selfHarm,
    source: row.source,
    excerpt: row.excerpt,
    status: row.status,
    who: row.user.displayName,
    createdAt: row.createdAt,
  }));
}

export const reviewModerationFlagInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  flagId: z.uuid(),
});

/** Marks a flag of the course reviewed (idempotent). Staff only; a flag of another course is not found. */
export async function reviewModerationFlag(
  db: Prisma,
  input: z.input<typeof reviewModerationFlagInput>,
): Promise<void> {
  const { actor, courseId, flagId } = reviewModerationFlagInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const updated = await db.moderationFlag.updateMany({
    where: { id: flagId, courseId, status: "OPEN" },
    data: { status: "REVIEWED", reviewedAt: new Date() },
  });
  if (updated.count === 0 && !(await db.moderationFlag.findFirst({ where: { id: flagId, courseId } }))) {
    throw new AppError(ErrorCode.NotFound, "moderation flag not found", {
      userMessage: "That flagged item was not found in this course.",
    });
  }
}
