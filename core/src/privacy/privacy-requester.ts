import { z } from "zod";
import { requireStaff } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

/**
 * Who asks for a person's data, a deletion or the audit log. An operator runs the deployment (the
 * `studyhall` CLI, which holds the database itself) and may act on everything; course staff act only
 * within their course.
 */
export const privacyRequesterSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("operator"), actor: actorSchema }),
  z.object({ kind: z.literal("staff"), actor: actorSchema, courseId: z.uuid() }),
]);

export type PrivacyRequester = z.input<typeof privacyRequesterSchema>;

/** What an authorised requester may see: everything, or one course. */
export type PrivacyScope = { kind: "all" } | { kind: "course"; courseId: string };

export interface AuthorisedRequester {
  userId: string;
  platform: z.infer<typeof actorSchema>["platform"];
  scope: PrivacyScope;
}

/**
 * Checks the requester. An operator must act through the CLI: a front end that claimed to be an
 * operator on behalf of a chat or LMS user is refused, so a bug there cannot widen a staff member's
 * reach to every course. Staff must be active staff of the course they name.
 */
export async function authoriseRequester(db: Prisma, input: PrivacyRequester): Promise<AuthorisedRequester> {
  const parsed = privacyRequesterSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed privacy requester", {
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const requester = parsed.data;
  if (requester.kind === "operator" && requester.actor.platform !== "CLI") {
    throw new AppError(ErrorCode.Forbidden, "operator requests come from the CLI only", {
      userMessage: "Only an operator of this StudyHall deployment can do that.",
      details: { platform: requester.actor.platform },
    });
  }
  const { userId } = await resolveUser(db, requester.actor);
  if (requester.kind === "operator") return { userId, platform: "CLI", scope: { kind: "all" } };
  await requireStaff(db, requester.courseId, userId);
  return {
    userId,
    platform: requester.actor.platform,
    scope: { kind: "course", courseId: requester.courseId },
  };
}

/** Requires an operator (deleting people and courses reaches across courses). */
export function requireOperator(requester: AuthorisedRequester): void {
  if (requester.scope.kind !== "all") {
    throw new AppError(ErrorCode.Forbidden, "operator action requested by course staff", {
      userMessage: "Only an operator of this StudyHall deployment can do that.",
    });
  }
}
