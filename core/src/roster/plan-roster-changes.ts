import type { CourseRole, EnrollmentSource } from "../db/generated/enums.ts";

/** A person as the roster lists them, once resolved to a StudyHall user. */
export interface ListedPerson {
  userId: string;
  role: CourseRole;
  /** Active in the course; false for Inactive / Deleted (or however the platform says "not any more"). */
  active: boolean;
}

/** An enrolment of the course as it stands before the sync. */
export interface CurrentEnrollment {
  id: string;
  userId: string;
  role: CourseRole;
  source: EnrollmentSource;
  removed: boolean;
  /** The person has an identity on the roster's platform and tenant (their absence means something). */
  onRosterTenant: boolean;
}

export interface RosterPlan {
  /** New enrolments (source: the roster's). */
  create: Array<{ userId: string; role: CourseRole }>;
  /** The roster's own enrolments to set to exactly this role, active. */
  activate: Record<CourseRole, string[]>;
  /** Enrolments made elsewhere whose person the roster lists as staff: raised, never lowered. */
  raiseToStaff: string[];
  /** Enrolments to mark removed. */
  remove: string[];
  counts: { restored: number; roleChanged: number; unchanged: number };
}

/**
 * Merges the roster's entries per user: a person listed twice (two accounts already linked into one
 * StudyHall user) is active if any entry is, and staff if any active entry says so.
 */
export function mergeListed(entries: Iterable<ListedPerson>): Map<string, ListedPerson> {
  const byUser = new Map<string, ListedPerson>();
  for (const entry of entries) {
    const seen = byUser.get(entry.userId);
    if (!seen || (entry.active && !seen.active)) {
      byUser.set(entry.userId, { ...entry });
      continue;
    }
    if (entry.active && entry.role === "STAFF") seen.role = "STAFF";
  }
  return byUser;
}

/**
 * Decides what a roster sync changes, without touching the database. The roster owns the enrolments
 * of its own source (e.g. LTI: made by a launch or an earlier sync from the same kind of platform):
 * it sets their role, removes them when the person is inactive or (for a `complete` roster) absent,
 * and restores them when the person is back. Enrolments from elsewhere (manual, Discord, Slack, a link
 * code) are never removed or lowered by it: whoever granted them can take them back; the roster may
 * only raise such a person to staff, as a launch would. Absent people in `retained` are kept (someone
 * the platform let in without listing them, such as an LMS administrator who just launched).
 */
export function planRosterChanges(input: {
  listed: Map<string, ListedPerson>;
  current: CurrentEnrollment[];
  source: EnrollmentSource;
  complete: boolean;
  retained: ReadonlySet<string>;
}): RosterPlan {
  const plan: RosterPlan = {
    create: [],
    activate: { STAFF: [], STUDENT: [] },
    raiseToStaff: [],
    remove: [],
    counts: { restored: 0, roleChanged: 0, unchanged: 0 },
  };
  const enrolled = new Set<string>();
  for (const enrollment of input.current) {
    enrolled.add(enrollment.userId);
    const owned = enrollment.source === input.source;
    const person = input.listed.get(enrollment.userId);
    if (!person) {
      const absent =
        input.complete && owned && enrollment.onRosterTenant && !input.retained.has(enrollment.userId);
      if (absent && !enrollment.removed) plan.remove.push(enrollment.id);
      continue;
    }
    if (!person.active) {
      if (owned && !enrollment.removed) plan.remove.push(enrollment.id);
      continue;
    }
    if (owned) {
      if (enrollment.role === person.role && !enrollment.removed) {
        plan.counts.unchanged += 1;
        continue;
      }
      plan.activate[person.role].push(enrollment.id);
      if (enrollment.removed) plan.counts.restored += 1;
      if (enrollment.role !== person.role) plan.counts.roleChanged += 1;
      continue;
    }
    if (person.role === "STAFF" && enrollment.role !== "STAFF") {
      plan.raiseToStaff.push(enrollment.id);
      plan.counts.roleChanged += 1;
    } else {
      plan.counts.unchanged += 1;
    }
  }
  for (const person of input.listed.values()) {
    if (person.active && !enrolled.has(person.userId)) {
      plan.create.push({ userId: person.userId, role: person.role });
    }
  }
  return plan;
}
