import { z } from "zod";
import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { authoriseRequester, privacyRequesterSchema } from "../privacy/privacy-requester.ts";
import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions.ts";

export const listAuditInput = z.object({
  requester: privacyRequesterSchema,
  /** Staff see their own course; an operator may name one, or leave it out for every entry. */
  courseId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** The last entry of the previous page: the next page starts after it, for paging back. */
  before: z.uuid().optional(),
});

export interface AuditLine {
  id: string;
  action: string;
  /** A human label for `action` ("Quiz approved"). */
  label: string;
  courseId: string | null;
  /** The course's slug, for listings across courses. */
  courseSlug: string | null;
  actorName: string | null;
  actorPlatform: Platform | null;
  /** False once the actor has been deleted. */
  actorKnown: boolean;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The audit log, newest first. Course staff see only their course's entries; operators see any
 * course's, or every entry (deployment-wide actions such as deleting a person included).
 */
export async function listAudit(db: Prisma, input: z.input<typeof listAuditInput>): Promise<AuditLine[]> {
  const parsed = listAuditInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed audit query", {
      userMessage: "That audit query is not valid.",
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const { requester, limit, before } = parsed.data;
  const { scope } = await authoriseRequester(db, requester);
  const courseId = scope.kind === "course" ? scope.courseId : parsed.data.courseId;
  const cursor = before
    ? await db.auditEntry.findFirst({ where: { id: before, ...(courseId ? { courseId } : {}) } })
    : null;
  const rows = await db.auditEntry.findMany({
    where: {
      ...(courseId ? { courseId } : {}),
      // (createdAt, id) after the cursor in the list's order, so entries of the same millisecond are
      // neither repeated nor skipped across pages.
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    include: { actor: { select: { displayName: true } }, course: { select: { slug: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    label: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
    courseId: row.courseId,
    courseSlug: row.course?.slug ?? null,
    actorName: row.actor?.displayName ?? null,
    actorPlatform: row.actorPlatform,
    actorKnown: row.actorId !== null,
    targetType: row.targetType,
    targetId: row.targetId,
    details: (row.details ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt,
  }));
}
