import { z } from "zod";
import { enrollmentSourceFor } from "../courses/enrollments.ts";
import type { EnrollmentSource } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { platformSchema } from "../people/actor.ts";
import {
  type CurrentEnrollment,
  mergeListed,
  planRosterChanges,
  type RosterPlan,
} from "./plan-roster-changes.ts";
import { chunks, resolveRosterPeople } from "./resolve-roster-people.ts";
import {
  activateEnrollments,
  currentEnrollmentsOf,
  enrollmentsOfPairs,
  existingCourses,
  insertEnrollments,
  lockCourses,
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
  const { courseId, platform, tenant, members, complete, retainExternalIds } = input;
  return applyRosters(
    tx,
    { platform, tenant, rosters: [{ courseId, members, complete, retainExternalIds }] },
    now,
  );
}

/** One course's roster in {@link syncRostersInTransaction}. */
export const courseRosterSchema = z.object({
  courseId: z.uuid(),
  members: z.array(rosterMemberSchema).max(MAX_ROSTER_MEMBERS),
  /** As {@link syncRosterInput}'s `complete`. */
  complete: z.boolean(),
  retainExternalIds: z.array(z.string().min(1).max(255)).max(10_000).default([]),
});

export const syncRostersInput = z.object({
  platform: platformSchema.exclude(["CLI"]),
  tenant: z.string().max(255),
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
  const parsed = syncRostersInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, `invalid roster: ${parsed.error.issues[0]?.message}`, {
      details: { path: parsed.error.issues[0]?.path.join(".") },
    });
  }
  return applyRosters(tx, parsed.data, options.now ?? new Date());
}

type CourseRosterInput = z.output<typeof courseRosterSchema>;

async function applyRosters(
  tx: Tx,
  input: {
    platform: z.output<typeof syncRostersInput>["platform"];
    tenant: string;
    rosters: CourseRosterInput[];
  },
  now: Date,
): Promise<RosterSyncResult> {
  const total = emptyResult();
  // Each wave holds a course at most once: a course's second roster is planned against its first's result.
  for (const wave of waves(input.rosters)) {
    const result = await applyWave(tx, { ...input, rosters: wave }, now);
    for (const key of Object.keys(total) as Array<keyof RosterSyncResult>) total[key] += result[key];
  }
  return total;
}

async function applyWave(
  tx: Tx,
  input: {
    platform: z.output<typeof syncRostersInput>["platform"];
    tenant: string;
    rosters: CourseRosterInput[];
  },
  now: Date,
): Promise<RosterSyncResult> {
  const { platform, tenant } = input;
  const rosters = input.rosters.map((r) => ({ ...r, members: latestEntryPerPerson(r.members) }));
  const courseIds = rosters.map((r) => r.courseId);
  const source = enrollmentSourceFor(platform);
  // Two syncs of one course (a launch's and the nightly one) take turns instead of racing; courses are
  // locked in one order, so two many-course syncs cannot deadlock.
  await lockCourses(tx, courseIds);
  const found = new Set(await existingCourses(tx, courseIds));
  const missing = courseIds.find((id) => !found.has(id));
  if (missing) throw new AppError(ErrorCode.NotFound, `course ${missing} not found`);
  const people = await resolveRosterPeople(tx, {
    platform,
    tenant,
    people: mergedPeople(rosters.flatMap((r) => r.members)),
    alsoFind: rosters.flatMap((r) => r.retainExternalIds),
  });
  const currentByCourse = await currentEnrollmentsByCourse(tx, { platform, tenant }, rosters, people.userIds);
  const result = emptyResult();
  result.usersCreated = people.usersCreated;
  result.renamed = people.renamed;
  const plans: Array<{ courseId: string; plan: RosterPlan }> = [];
  for (const roster of rosters) {
    const listed = mergeListed(
      roster.members.flatMap((m) => {
        const userId = people.userIds.get(m.externalId);
        return userId ? [{ userId, role: m.role, active: m.active }] : [];
      }),
    );
    const retained = new Set(roster.retainExternalIds.flatMap((id) => people.userIds.get(id) ?? []));
    const current = currentByCourse.get(roster.courseId) ?? [];
    const plan = planRosterChanges({ listed, current, source, complete: roster.complete, retained });
    plans.push({ courseId: roster.courseId, plan });
    result.listed += roster.members.length;
    result.restored += plan.counts.restored;
    result.roleChanged += plan.counts.roleChanged;
    result.removed += plan.remove.length;
    result.unchanged += plan.counts.unchanged;
  }
  result.added = await applyPlans(tx, { source, now }, plans);
  return result;
}

/** Courses read per statement when loading their enrolments. */
const COURSES_PER_READ = 200;

/**
 * The enrolments each roster's plan needs: all of a course's for a complete roster (whoever it does
 * not list may lose theirs), only the listed people's for a partial one (nobody else is touched).
 */
async function currentEnrollmentsByCourse(
  tx: Tx,
  key: { platform: z.output<typeof syncRostersInput>["platform"]; tenant: string },
  rosters: Array<{ courseId: string; members: RosterMember[]; complete: boolean }>,
  userIds: Map<string, string>,
): Promise<Map<string, CurrentEnrollment[]>> {
  const byCourse = new Map<string, CurrentEnrollment[]>(rosters.map((r) => [r.courseId, []]));
  const add = (rows: Array<CurrentEnrollment & { courseId: string }>) => {
    for (const row of rows) byCourse.get(row.courseId)?.push(row);
  };
  const whole = rosters.filter((r) => r.complete).map((r) => r.courseId);
  for (const batch of chunks(whole, COURSES_PER_READ)) {
    add(await currentEnrollmentsOf(tx, { ...key, courseIds: batch }));
  }
  // Two external ids of one person (accounts already linked) are read once.
  const pairs = new Map<string, { courseId: string; userId: string }>();
  for (const roster of rosters.filter((r) => !r.complete)) {
    for (const m of roster.members) {
      const userId = userIds.get(m.externalId);
      if (userId) pairs.set(`${roster.courseId}/${userId}`, { courseId: roster.courseId, userId });
    }
  }
  for (const batch of chunks([...pairs.values()]))
    add(await enrollmentsOfPairs(tx, { ...key, pairs: batch }));
  return byCourse;
}

function emptyResult(): RosterSyncResult {
  return {
    listed: 0,
    added: 0,
    restored: 0,
    roleChanged: 0,
    removed: 0,
    unchanged: 0,
    usersCreated: 0,
    renamed: 0,
  };
}

/** The rosters in order, cut into consecutive runs in which no course appears twice. */
function waves<T extends { courseId: string }>(rosters: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let seen = new Set<string>();
  for (const roster of rosters) {
    if (seen.has(roster.courseId)) {
      out.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(roster.courseId);
    current.push(roster);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Everyone the rosters list, once: active if any roster lists them active (so they get a user once),
 * with the last name any roster gave.
 */
function mergedPeople(
  members: RosterMember[],
): Array<{ externalId: string; displayName?: string; active: boolean }> {
  const byId = new Map<string, { externalId: string; displayName?: string; active: boolean }>();
  for (const m of members) {
    const seen = byId.get(m.externalId);
    const displayName = m.displayName ?? seen?.displayName;
    byId.set(m.externalId, {
      externalId: m.externalId,
      active: m.active || Boolean(seen?.active),
      ...(displayName !== undefined ? { displayName } : {}),
    });
  }
  return [...byId.values()];
}

/** A platform that lists someone twice: the later entry is the one that counts. */
function latestEntryPerPerson<T extends { externalId: string }>(members: T[]): T[] {
  return [...new Map(members.map((m) => [m.externalId, m])).values()];
}

/** Writes the plans; returns how many enrolments were created (a concurrent first launch may win one). */
async function applyPlans(
  tx: Tx,
  target: { source: EnrollmentSource; now: Date },
  plans: Array<{ courseId: string; plan: RosterPlan }>,
): Promise<number> {
  let added = 0;
  const create = plans.flatMap(({ courseId, plan }) => plan.create.map((c) => ({ courseId, ...c })));
  for (const batch of chunks(create)) added += await insertEnrollments(tx, target.source, batch);
  for (const role of ["STAFF", "STUDENT"] as const) {
    const activate = plans.flatMap(({ plan }) => plan.activate[role]);
    const setRole = plans.flatMap(({ plan }) => plan.setRole[role]);
    for (const batch of chunks(activate)) await activateEnrollments(tx, batch, role, target.source);
    for (const batch of chunks(setRole)) await setEnrollmentRoles(tx, batch, role, target.source);
  }
  const remove = plans.flatMap(({ plan }) => plan.remove);
  for (const batch of chunks(remove)) await removeEnrollments(tx, batch, target.now);
  return added;
}
