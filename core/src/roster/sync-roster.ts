import { z } from "zod";
import { enrollmentSourceFor } from "../courses/enrollments.ts";
import type { EnrollmentSource } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { platformSchema } from "../people/actor.ts";
import { mergeListed, planRosterChanges } from "./plan-roster-changes.ts";
import { chunks, resolveRosterPeople } from "./resolve-roster-people.ts";
import {
  activateEnrollments,
  currentEnrollments,
  insertEnrollments,
  removeEnrollments,
  setEnrollmentRoles,
  type Tx,
} from "./roster-sql.ts";

/** The largest roster one sync takes (a very large lecture, with room to spare). */
export const MAX_ROSTER_MEMBERS = 100_000;

export const rosterMemberSchema = z.object({
  /** The platform's stable id of the person (LTI `sub`, Clever id), never an email. */
  externalId: z.string().min(1).max(255),
  displayName: z.string().trim().max(200).optional(),
  role: z.enum(["STAFF", "STUDENT"]),
  /** In the course now; false for people the platform lists as inactive or deleted. */
  active: z.boolean(),
});

export type RosterMember = z.input<typeof rosterMemberSchema>;

export const syncRosterInput = z.object({
  courseId: z.uuid(),
  /** The platform and tenant the external ids belong to (LTI: the issuer; Clever: the district). */
  platform: platformSchema.exclude(["CLI"]),
  tenant: z.string().max(255),
  members: z.array(rosterMemberSchema).max(MAX_ROSTER_MEMBERS),
  /**
   * The roster lists everyone in the course: people it does not list are removed. False for a partial
   * roster (one page, a role filter, or entries that could not be read), which only adds and updates.
   */
  complete: z.boolean(),
  /** People not to remove for being absent (e.g. an LMS administrator who launched but is not enrolled). */
  retainExternalIds: z.array(z.string().min(1).max(255)).max(10_000).default([]),
});

export interface RosterSyncResult {
  /** Distinct people the roster listed. */
  listed: number;
  added: number;
  restored: number;
  roleChanged: number;
  removed: number;
  unchanged: number;
  usersCreated: number;
  renamed: number;
}

/**
 * Applies a platform's course roster (LMS names and roles, a Clever section) to a course's
 * enrolments, in one transaction and a handful of set-based statements whatever the roster's size.
 * People are matched on their identity (platform, tenant, external id), so a person who already
 * launched or linked a chat account is never duplicated; newcomers get a user and an identity. The
 * roster governs only the enrolments of its own source (see planRosterChanges): it adds, marks removed
 * (`removedAt`, history kept) and restores them; it sets the roles its platform set (by a launch or an
 * earlier sync) both ways, and raises others to staff. Only `courseId` is touched.
 */
export async function syncRoster(
  db: Prisma,
  input: z.input<typeof syncRosterInput>,
  options: { now?: Date } = {},
): Promise<RosterSyncResult> {
  const parsed = parseRosterInput(input);
  const now = options.now ?? new Date();
  return db.$transaction((tx) => applyRoster(tx, parsed, now), { maxWait: 30_000, timeout: 120_000 });
}

/**
 * {@link syncRoster} inside the caller's transaction, for a use case that applies many rosters as one
 * change (a district's classes: all of them or none, and a dry run rolls them all back).
 */
export function syncRosterInTransaction(
  tx: Tx,
  input: z.input<typeof syncRosterInput>,
  options: { now?: Date } = {},
): Promise<RosterSyncResult> {
  return applyRoster(tx, parseRosterInput(input), options.now ?? new Date());
}

function parseRosterInput(input: z.input<typeof syncRosterInput>): z.output<typeof syncRosterInput> {
  const parsed = syncRosterInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, `invalid roster: ${parsed.error.issues[0]?.message}`, {
      details: { path: parsed.error.issues[0]?.path.join(".") },
    });
  }
  return parsed.data;
}

async function applyRoster(
  tx: Tx,
  input: z.output<typeof syncRosterInput>,
  now: Date,
): Promise<RosterSyncResult> {
  const { courseId, platform, tenant, complete, retainExternalIds } = input;
  const members = latestEntryPerPerson(input.members);
  const source = enrollmentSourceFor(platform);
  // Two syncs of one course (a launch's and the nightly one) take turns instead of racing.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`roster:${courseId}`}, 0))`;
  if (!(await tx.course.findUnique({ where: { id: courseId }, select: { id: true } }))) {
    throw new AppError(ErrorCode.NotFound, `course ${courseId} not found`);
  }
  const people = await resolveRosterPeople(tx, {
    platform,
    tenant,
    people: members,
    alsoFind: retainExternalIds,
  });
  const listed = mergeListed(
    members.flatMap((m) => {
      const userId = people.userIds.get(m.externalId);
      return userId ? [{ userId, role: m.role, active: m.active }] : [];
    }),
  );
  const retained = new Set(retainExternalIds.flatMap((id) => people.userIds.get(id) ?? []));
  const current = await currentEnrollments(tx, { courseId, platform, tenant });
  const plan = planRosterChanges({ listed, current, source, complete, retained });
  const added = await applyPlan(tx, { courseId, source, now }, plan);
  return {
    listed: members.length,
    added,
    restored: plan.counts.restored,
    roleChanged: plan.counts.roleChanged,
    removed: plan.remove.length,
    unchanged: plan.counts.unchanged,
    usersCreated: people.usersCreated,
    renamed: people.renamed,
  };
}

/** A platform that lists someone twice: the later entry is the one that counts. */
function latestEntryPerPerson<T extends { externalId: string }>(members: T[]): T[] {
  return [...new Map(members.map((m) => [m.externalId, m])).values()];
}

/** Writes the plan; returns how many enrolments were created (a concurrent first launch may win one). */
async function applyPlan(
  tx: Tx,
  target: { courseId: string; source: EnrollmentSource; now: Date },
  plan: ReturnType<typeof planRosterChanges>,
): Promise<number> {
  let added = 0;
  for (const batch of chunks(plan.create)) added += await insertEnrollments(tx, target, batch);
  for (const role of ["STAFF", "STUDENT"] as const) {
    for (const batch of chunks(plan.activate[role]))
      await activateEnrollments(tx, batch, role, target.source);
    for (const batch of chunks(plan.setRole[role])) await setEnrollmentRoles(tx, batch, role, target.source);
  }
  for (const batch of chunks(plan.remove)) await removeEnrollments(tx, batch, target.now);
  return added;
}
