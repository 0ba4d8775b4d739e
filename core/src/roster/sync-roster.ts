import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { platformSchema } from "../people/actor.ts";
import { applyRosters } from "./apply-course-rosters.ts";
import type { Tx } from "./roster-sql.ts";

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

/** One course's roster. */
export const courseRosterSchema = z.object({
  courseId: z.uuid(),
  members: z.array(rosterMemberSchema).max(MAX_ROSTER_MEMBERS),
  /**
   * The roster lists everyone in the course: people it does not list are removed. False for a partial
   * roster (one page, a role filter, or entries that could not be read), which only adds and updates.
   */
  complete: z.boolean(),
  /** People not to remove for being absent (e.g. an LMS administrator who launched but is not enrolled). */
  retainExternalIds: z.array(z.string().min(1).max(255)).max(10_000).default([]),
});

const rosterSource = {
  /** The platform and tenant the external ids belong to (LTI: the issuer; Clever: the district). */
  platform: platformSchema.exclude(["CLI"]),
  tenant: z.string().max(255),
};

export const syncRosterInput = courseRosterSchema.extend(rosterSource);

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
  const parsed = parseUseCaseInput(syncRosterInput, input);
  const now = options.now ?? new Date();
  return db.$transaction((tx) => applyRoster(tx, parsed, now), { maxWait: 30_000, timeout: 120_000 });
}

async function applyRoster(
  tx: Tx,
  input: z.output<typeof syncRosterInput>,
  now: Date,
): Promise<RosterSyncResult> {
  const { courseId, platform, tenant, members, complete, retainExternalIds } = input;
  return applyRosters(
    tx,
    { platform, tenant, rosters: [{ courseId, members, complete, retainExternalIds }] },
    now,
  );
}

export const syncRostersInput = z.object({
  ...rosterSource,
  /** Applied in order; a course listed twice has its second roster applied after its first. */
  rosters: z.array(courseRosterSchema),
});

/**
 * Many courses' rosters from one platform and tenant (a district's classes) inside the caller's
 * transaction, with the same rules as {@link syncRoster} for each course, but set-based across the
 * courses: every course locked, every person resolved and every enrolment read and written in a
 * handful of statements, not a handful per course. Returns the courses' counts added together.
 */
export function syncRostersInTransaction(
  tx: Tx,
  input: z.input<typeof syncRostersInput>,
  options: { now?: Date } = {},
): Promise<RosterSyncResult> {
  return applyRosters(tx, parseUseCaseInput(syncRostersInput, input), options.now ?? new Date());
}
