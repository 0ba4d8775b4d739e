import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { spaceRefSchema, WHOLE_TENANT } from "./space-ref.ts";

export const unbindSpaceInput = z.object({
  actor: actorSchema,
  space: spaceRefSchema,
  /** Unlink this channel's own binding, or the guild/workspace-wide one. */
  scope: z.enum(["channel", "tenant"]).default("channel"),
  /** Whether the platform says the actor manages this space (Discord Manage Server, Slack admin). */
  platformStaff: z.boolean(),
});

/**
 * Unlinks a chat space from its course: the course and everything in it stay, the space simply stops
 * answering for it (and may be linked to another course). Like linking, only people who manage the
 * space may do it; the course's staff see it in the course's audit log.
 */
export async function unbindSpace(
  db: Prisma,
  input: z.input<typeof unbindSpaceInput>,
): Promise<{ courseId: string; courseName: string }> {
  const parsed = unbindSpaceInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed unbind request", {
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const { actor, space, scope, platformStaff } = parsed.data;
  if (actor.platform !== space.platform) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `cannot unbind a ${space.platform} space as ${actor.platform}`,
    );
  }
  if (!platformStaff) {
    throw new AppError(ErrorCode.Forbidden, "only space managers unbind spaces", {
      userMessage: "Only people who manage this server or workspace can unlink it from its course.",
    });
  }
  const externalId = scope === "tenant" ? WHOLE_TENANT : space.channelId;
  const key = { platform: space.platform, tenant: space.tenant, externalId };
  const { userId } = await resolveUser(db, actor);
  return db.$transaction(async (tx) => {
    const bound = await tx.courseSpace.findUnique({
      where: { platform_tenant_externalId: key },
      include: { course: { select: { id: true, name: true } } },
    });
    if (!bound) throw await notBound(tx, key, scope);
    await tx.courseSpace.delete({ where: { id: bound.id } });
    await recordAudit(tx, {
      action: "space.unbound",
      courseId: bound.courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "space",
      targetId: bound.id,
      details: { platform: space.platform, kind: bound.kind, name: bound.name?.slice(0, 200) ?? null },
    });
    return { courseId: bound.course.id, courseName: bound.course.name };
  });
}

/**
 * Why there is nothing to unlink. A channel that answers through its server's link has no link of its
 * own: saying only "not linked" would contradict what the channel does, so the reply names the way out.
 */
async function notBound(
  tx: Pick<Prisma, "courseSpace">,
  key: { platform: Platform; tenant: string; externalId: string },
  scope: "channel" | "tenant",
): Promise<AppError> {
  const wholeTenant =
    scope === "channel"
      ? await tx.courseSpace.findUnique({
          where: { platform_tenant_externalId: { ...key, externalId: WHOLE_TENANT } },
          include: { course: { select: { name: true } } },
        })
      : null;
  return new AppError(ErrorCode.NotFound, "space not bound", {
    userMessage: wholeTenant
      ? `This channel has no link of its own: it follows the whole server's link to "${wholeTenant.course.name}". Unlink the whole server to unlink it.`
      : `This ${scope === "tenant" ? "server" : "channel"} is not linked to a course, so there is nothing to unlink.`,
  });
}
