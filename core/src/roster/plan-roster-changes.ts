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
  /** Who set the role: the roster may lower only a role its own platform set. */
  roleSource: EnrollmentSource;
  removed: boolean;
  /** The person has an identity on the roster's platform and tenant (their absence means something). */
  onRosterTenant: boolean;
}

export interface RosterPlan {
  /** New enrolments (source: the roster's). */
  create: Array<{ userId: string; role: CourseRole }>;
  /** The roster's own enrolments to set to this role (recording the roster as its source), active. */
  activate: Record<CourseRole, string[]>;
  /**
   * Enrolments made elsewhere whose role changes, staying as active or removed as they are: raised
   * when the roster lists the person as staff, lowered only when the roster's platform set the role.
   */
  setRole: Record<CourseRole, string[]>;
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
 * it removes them when the person is inactive or (for a `complete` roster) absent, and restores them
 * when the person is back. Enrolments from elsewhere (manual, Discord, Slack, a link code) are never
 * removed by it: whoever granted them can take them back. Roles follow `roleSource`, who set them:
 * the roster sets a role its platform set (a launch's or an earlier sync's) both ways, and withdraws
 * it (back to student) from a person who is inactive or absent; a role set elsewhere it may only
 * raise to staff, as a launch would. Absent people in `retained` are kept (someone the platform let in
 * without listing them, such as an LMS administrator who just launched).
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
    setRole: { STAFF: [], STUDENT: [] },
    remove: [],
    counts: { restored: 0, roleChanged: 0, unchanged: 0 },
  };
  const enrolled = new Set<string>();
  for (const enrollment of input.current) {
    enrolled.add(enrollment.userId);
    const owned = enrollment.source === input.source;
    const ownRole = enrollment.roleSource === input.source;
    const person = input.listed.get(enrollment.userId);
    const gone = person
      ? !person.active
      : input.complete && enrollment.onRosterTenant && !input.retained.has(enrollment.userId);
    if (!person?.active) {
      if (gone && owned && !enrollment.removed) plan.remove.push(enrollment.id);
      else if (gone && !owned && ownRole && enrollment.role === "STAFF") {
        plan.setRole.STUDENT.push(enrollment.id);
        plan.counts.roleChanged += 1;
      }
      continue;
    }
    const role: CourseRole = ownRole || person.role === "STAFF" ? person.role : enrollment.role;
    if (role === enrollment.role && (!owned || !enrollment.removed)) {
      plan.counts.unchanged += 1;
      continue;
    }
    if (role !== enrollment.role) plan.counts.roleChanged += 1;
    if (owned) {
      plan.activate[role].push(enrollment.id);
      if (enrollment.removed) plan.counts.restored += 1;
    } else {
      plan.setRole[role].push(enrollment.id);
    }
  }
  for (const person of input.listed.values()) {
    if (person.active && !enrolled.has(person.userId)) {
      plan.create.push({ userId: person.userId, role: person.role });
    }
  }
  return plan;
}
