import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { createCourse } from "../courses/create-course.ts";
import { enrollmentSourceFor, ensureEnrollment, requireStaff } from "../courses/enrollments.ts";
import type { Course } from "../db/generated/client.ts";
import type { Platform, SpaceKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { consumeLinkCode, createLinkCode } from "../links/link-codes.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { spaceRefSchema, WHOLE_TENANT } from "./space-ref.ts";

export const bindSpaceInput = z.object({
  actor: actorSchema,
  space: spaceRefSchema,
  /** Bind this channel only, or every channel of the guild/workspace without its own binding. */
  scope: z.enum(["channel", "tenant"]).default("channel"),
  /** Whether the platform says the actor manages this space (Discord Manage Server, Slack admin). */
  platformStaff: z.boolean(),
  course: z.union([
    z.object({ create: z.string().trim().min(1, "Give the new course a name.").max(200) }),
    z.object({ code: z.string().trim().min(4).max(32) }),
  ]),
});

const KINDS: Record<Platform, { channel: SpaceKind; tenant: SpaceKind } | null> = {
  DISCORD: { channel: "DISCORD_CHANNEL", tenant: "DISCORD_GUILD" },
  SLACK: { channel: "SLACK_CHANNEL", tenant: "SLACK_TEAM" },
  LTI: { channel: "LTI_CONTEXT", tenant: "LTI_CONTEXT" },
  CLEVER: null,
  CLI: null,
};

/**
 * Binds a chat space to a course: a new course (the actor becomes its staff) or an existing one named
 * by a code from its teacher (e.g. from the LMS page). Only people who manage the space may bind it,
 * and a space bound to one course is never silently moved to another.
 */
export async function bindSpace(
  db: Prisma,
  input: z.input<typeof bindSpaceInput>,
): Promise<{ course: Course; created: boolean; alreadyBound: boolean }> {
  const { actor, space, scope, platformStaff, course: choice } = bindSpaceInput.parse(input);
  const kinds = KINDS[space.platform];
  if (!kinds || actor.platform !== space.platform) {
    throw new AppError(ErrorCode.InvalidInput, `cannot bind a ${space.platform} space as ${actor.platform}`);
  }
  if (!platformStaff) {
    throw new AppError(ErrorCode.Forbidden, "only space managers bind spaces", {
      userMessage: "Only people who manage this server or workspace can link it to a course.",
    });
  }
  const { userId } = await resolveUser(db, actor);
  const externalId = scope === "tenant" ? WHOLE_TENANT : space.channelId;
  const existing = await db.courseSpace.findUnique({
    where: { platform_tenant_externalId: { platform: space.platform, tenant: space.tenant, externalId } },
    include: { course: true },
  });

  let course: Course;
  let created = false;
  if ("code" in choice) {
    const code = await consumeLinkCode(db, { code: choice.code, purpose: "BIND_SPACE", userId });
    course = await db.course.findUniqueOrThrow({ where: { id: code.courseId! } });
  } else if (existing) {
    course = existing.course;
  } else {
    course = await createCourse(db, { name: choice.create, staffUserId: userId });
    created = true;
  }
  if (existing && existing.courseId !== course.id) {
    throw new AppError(ErrorCode.Conflict, "space already bound to another course", {
      userMessage: `This ${scope === "tenant" ? "server" : "channel"} is already linked to "${existing.course.name}". Unlink it first.`,
    });
  }
  await ensureEnrollment(db, {
    courseId: course.id,
    userId,
    role: "STAFF",
    source: enrollmentSourceFor(space.platform),
  });
  if (!existing) {
    await db.$transaction(async (tx) => {
      const bound = await tx.courseSpace.create({
        data: {
          courseId: course.id,
          platform: space.platform,
          kind: kinds[scope],
          tenant: space.tenant,
          externalId,
          name: space.name ?? null,
        },
      });
      await recordAudit(tx, {
        action: "space.bound",
        courseId: course.id,
        actorId: userId,
        actorPlatform: actor.platform,
        targetType: "space",
        targetId: bound.id,
        details: { platform: space.platform, kind: bound.kind, name: space.name?.slice(0, 200) ?? null },
      });
    });
  }
  return { course, created, alreadyBound: Boolean(existing) };
}

/** A code course staff hand to whoever will bind a chat space to their course (`/setup code:`). */
export async function startSpaceBinding(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; courseId: string },
): Promise<{ code: string; expiresAt: Date }> {
  const { userId } = await resolveUser(db, actorSchema.parse(input.actor));
  await requireStaff(db, input.courseId, userId);
  return createLinkCode(db, { purpose: "BIND_SPACE", courseId: input.courseId, createdById: userId });
}
