import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { createCourse } from "../courses/create-course.ts";
import { enrollmentSourceFor, ensureEnrollment, requireStaff } from "../courses/enrollments.ts";
import { requireOpenCourse, requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Course } from "../db/generated/client.ts";
import type { Platform, SpaceKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { consumeLinkCode, createLinkCode, peekLinkCode } from "../links/link-codes.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { spaceLinkRefusals } from "./space-link-refusals.ts";
import { spaceRefSchema, WHOLE_TENANT } from "./space-ref.ts";

export const bindSpaceInput = z.object({
  actor: actorSchema,
  space: spaceRefSchema,
  /** Bind this channel only, or every channel of the guild/workspace without its own binding. */
  scope: z.enum(["channel", "tenant"]).default("channel"),
  /** Whether the platform says the actor manages this space (Discord Manage Server, Slack admin). */
  platformStaff: z.boolean(),
  /**
   * Whether the platform says the actor is in this channel (Slack conversations.members, Discord
   * View Channel). Only asked of people who do not manage the space: they may link with a code, and
   * only a channel they are in.
   */
  memberOfSpace: z.boolean().default(false),
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
  ONEROSTER: null,
  CLI: null,
};

/** What {@link bindSpace} did. */
export interface BoundSpace {
  course: Course;
  /** A new course was made for the space. */
  created: boolean;
  /** The space was already linked to this course; nothing changed. */
  alreadyBound: boolean;
  /**
   * A new course was made although an open course of the same name exists that the person does not
   * teach (e.g. one made with the CLI): they probably meant that one and need a link code for it.
   */
  namesakeExists: boolean;
}

/**
 * Binds a chat space to a course: one the actor already teaches when they name it (so `setup Biology
 * 101` twice never makes two), a new course (the actor becomes its staff), or an existing one named by
 * a code from its staff (the LMS page, `studyhall course code`, the chat code command).
 *
 * Who may: people who manage the space (Slack admin, Discord Manage Server) link anything. Anyone else
 * links only a channel they are a member of, and only with a code or to a course they already teach;
 * they never make a new course by setup nor link a whole server or workspace. A refused attempt
 * changes nothing and leaves the code unused. A space bound to one course is never silently moved.
 * An archived course is read-only: linking a new space to it is refused with its archived sentence.
 */
export async function bindSpace(db: Prisma, input: z.input<typeof bindSpaceInput>): Promise<BoundSpace> {
  const { actor, space, scope, platformStaff, memberOfSpace, course: choice } = bindSpaceInput.parse(input);
  const kinds = KINDS[space.platform];
  if (!kinds || actor.platform !== space.platform) {
    throw new AppError(ErrorCode.InvalidInput, `cannot bind a ${space.platform} space as ${actor.platform}`);
  }
  if (!platformStaff && scope === "tenant") throw spaceLinkRefusals.tenantNeedsAdmin();
  const { userId } = await resolveUser(db, actor);
  const externalId = scope === "tenant" ? WHOLE_TENANT : space.channelId;
  const existing = await db.courseSpace.findUnique({
    where: { platform_tenant_externalId: { platform: space.platform, tenant: space.tenant, externalId } },
    include: { course: true },
  });

  const chosen = await chooseCourse(db, { choice, userId, platformStaff, existing });
  if (chosen.kind === "existing" && existing?.courseId !== chosen.course.id) requireOpenCourse(chosen.course);
  if (!platformStaff && !memberOfSpace) throw spaceLinkRefusals.notAMember();
  if (existing && (chosen.kind === "new" || existing.courseId !== chosen.course.id)) {
    throw new AppError(ErrorCode.Conflict, "space already bound to another course", {
      userMessage: `This ${scope === "tenant" ? "server" : "channel"} is already linked to "${existing.course.name}". Unlink it first.`,
    });
  }
  const course =
    chosen.kind === "new"
      ? await createCourse(db, { name: chosen.name, staffUserId: userId })
      : chosen.course;
  await db.$transaction(async (tx) => {
    // The code is spent with the link it made, so a refusal above or a failure here keeps it usable.
    if (chosen.kind === "existing" && chosen.code) {
      await consumeLinkCode(tx, { code: chosen.code, purpose: "BIND_SPACE", userId });
    }
    if (existing) return;
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
  await ensureEnrollment(db, {
    courseId: course.id,
    userId,
    role: "STAFF",
    source: enrollmentSourceFor(space.platform),
  });
  return {
    course,
    created: chosen.kind === "new",
    alreadyBound: Boolean(existing),
    namesakeExists: chosen.kind === "new" && chosen.namesakeExists,
  };
}

/** An existing course (with the code that named it, to spend on success), or a new one to make. */
type ChosenCourse =
  | { kind: "existing"; course: Course; code: string | null }
  | { kind: "new"; name: string; namesakeExists: boolean };

/** Which course the setup means, refusing a non-admin anything but a code or a course they teach. */
async function chooseCourse(
  db: Prisma,
  input: {
    choice: z.infer<typeof bindSpaceInput>["course"];
    userId: string;
    platformStaff: boolean;
    existing: { course: Course } | null;
  },
): Promise<ChosenCourse> {
  const { choice, userId, platformStaff, existing } = input;
  if ("code" in choice) {
    const code = await peekLinkCode(db, { code: choice.code, purpose: "BIND_SPACE" });
    const course = await db.course.findUniqueOrThrow({ where: { id: code.courseId! } });
    return { kind: "existing", course, code: choice.code };
  }
  if (existing && platformStaff) {
    return { kind: "existing", course: existing.course, code: null };
  }
  const namesakes = await openCoursesNamed(db, choice.create, userId);
  const mine = namesakes.filter((c) => c.taughtByActor);
  if (mine.length > 1) {
    throw new AppError(ErrorCode.Conflict, "several own courses share the name", {
      userMessage: `You teach several courses named "${choice.create}" (${mine.map((c) => c.slug).join(", ")}). Link the one you mean with a code from its course page or \`studyhall course code <slug>\`.`,
    });
  }
  if (mine[0]) {
    const course = await db.course.findUniqueOrThrow({ where: { id: mine[0].id } });
    return { kind: "existing", course, code: null };
  }
  if (!platformStaff) throw spaceLinkRefusals.newCourseNeedsAdmin();
  return { kind: "new", name: choice.create, namesakeExists: namesakes.length > 0 };
}

/** Open courses with this name (any case), and whether `userId` is their active staff. */
async function openCoursesNamed(db: Prisma, name: string, userId: string) {
  const courses = await db.course.findMany({
    where: { name: { equals: name, mode: "insensitive" }, archivedAt: null },
    select: {
      id: true,
      slug: true,
      enrollments: { where: { userId, role: "STAFF", removedAt: null }, select: { userId: true } },
    },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  return courses.map((c) => ({ id: c.id, slug: c.slug, taughtByActor: c.enrollments.length > 0 }));
}

/**
 * The sentence a front end adds after linking a space to a new course when a course of the same name
 * already existed (see {@link BoundSpace.namesakeExists}), or null.
 */
export function namesakeHint(bound: BoundSpace): string | null {
  if (!bound.namesakeExists) return null;
  return `Another course is already named "${bound.course.name}". If you meant that one, ask its staff for a link code (its course page, or \`studyhall course code <slug>\`), then unlink and run setup again with the code.`;
}

/**
 * A code course staff hand to whoever will bind a chat space to their course (`/setup code:`). None
 * for an archived course, which no new space may join.
 */
export async function startSpaceBinding(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; courseId: string },
): Promise<{ code: string; expiresAt: Date }> {
  const { userId } = await resolveUser(db, actorSchema.parse(input.actor));
  await requireStaff(db, input.courseId, userId);
  await requireOpenCourseById(db, input.courseId);
  return createLinkCode(db, { purpose: "BIND_SPACE", courseId: input.courseId, createdById: userId });
}
