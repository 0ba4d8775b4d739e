// The set-based engine behind syncRoster and syncRostersInTransaction (sync-roster.ts, the use cases and
// their input): courses locked, people resolved, current enrolments read, each course's changes planned
// (plan-roster-changes.ts) and written, in a handful of statements however many courses and people.
import type { z } from "zod";
import { enrollmentSourceFor } from "../courses/enrollments.ts";
import type { EnrollmentSource } from "../db/generated/enums.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
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
import type { courseRosterSchema, RosterMember, RosterSyncResult, syncRostersInput } from "./sync-roster.ts";

/** Many courses' rosters from one platform and tenant, parsed. */
export type CourseRosters = Omit<z.output<typeof syncRostersInput>, "rosters"> & {
  rosters: Array<z.output<typeof courseRosterSchema>>;
};

/**
 * Applies the rosters in waves (a course at most once a wave, so a course's second roster is planned
 * against its first's result), each set-based across its courses; returns the counts added together.
 */
export async function applyRosters(tx: Tx, input: CourseRosters, now: Date): Promise<RosterSyncResult> {
  const total = emptyResult();
  for (const wave of waves(input.rosters)) {
    const result = await applyWave(tx, { ...input, rosters: wave }, now);
    for (const key of Object.keys(total) as Array<keyof RosterSyncResult>) total[key] += result[key];
  }
  return total;
}

async function applyWave(tx: Tx, input: CourseRosters, now: Date): Promise<RosterSyncResult> {
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
  key: Omit<CourseRosters, "rosters">,
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
