import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { platformSchema } from "../people/actor.ts";
import { auditActionSchema, auditDetailsSchema, auditTargetTypeSchema } from "./audit-actions.ts";

export const recordAuditInput = z.object({
  action: auditActionSchema,
  /** The course the action was in; leave out for deployment-wide actions. */
  courseId: z.uuid().nullish(),
  /** The user who acted and the platform they acted through. */
  actorId: z.uuid().nullish(),
  actorPlatform: platformSchema.nullish(),
  targetType: auditTargetTypeSchema.nullish(),
  targetId: z.string().max(200).nullish(),
  details: auditDetailsSchema.default({}),
});

export type RecordAuditInput = z.input<typeof recordAuditInput>;

/** A Prisma client or a transaction client: pass the transaction of the action being recorded. */
export type AuditWriter = Pick<Prisma, "auditEntry">;

/**
 * Writes one audit entry. Call it with the transaction of the action it records, so the action and
 * its record commit (or roll back) together. A malformed entry is a programming error: it throws
 * before anything is written, and so rolls the action back with it.
 */
export async function recordAudit(db: AuditWriter, input: RecordAuditInput): Promise<void> {
  const parsed = recordAuditInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.Internal, "malformed audit entry", {
      details: { action: input.action, issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const entry = parsed.data;
  await db.auditEntry.create({
    data: {
      action: entry.action,
      courseId: entry.courseId ?? null,
      actorId: entry.actorId ?? null,
      actorPlatform: entry.actorPlatform ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details,
    },
  });
}
