import type { DistrictRosterChanges, DistrictSectionMember, FullDistrictRoster } from "@studyhall/core";
import { classNamer, personName } from "./district-names.ts";
import type { ClassRole } from "./enrollment-roles.ts";
import type { ClassEnrollment, OneRosterSet } from "./parse-oneroster-set.ts";

const gone = (row: { status: string }) => row.status === "tobedeleted";

/**
 * A bulk set as the district's whole roster: every class not marked tobedeleted with everyone
 * actively enrolled in it, and every person. Classes and people the set no longer lists are for core
 * to remove.
 */
export function toFullDistrictRoster(set: OneRosterSet): FullDistrictRoster {
  const users = set.rows.users.filter((u) => !gone(u));
  const present = new Set(users.map((u) => u.sourcedId));
  const classes = set.rows.classes.filter((c) => !gone(c));
  const rosters = new Map<string, Map<string, ClassRole>>(classes.map((c) => [c.sourcedId, new Map()]));
  for (const e of set.rows.enrollments) {
    const roster = rosters.get(e.classSourcedId);
    if (gone(e) || !roster || !present.has(e.userSourcedId)) continue;
    roster.set(e.userSourcedId, strongerRole(roster.get(e.userSourcedId), e.classRole));
  }
  const name = classNamer(set.rows);
  return {
    people: users.map((u) => withName(u.sourcedId, personName(u))),
    sections: classes.map((c) => ({
      ...name(c),
      members: [...rosters.get(c.sourcedId)!].map(
        ([externalId, role]): DistrictSectionMember => ({ externalId, role }),
      ),
    })),
  };
}

/**
 * A delta set as changes: active rows are created or updated, tobedeleted rows removed (a person
 * leaves the district, a class closes, one enrolment ends). A class row without enrollments changes
 * only the class's names; its roster changes only by the enrollment rows.
 */
export function toDistrictChanges(set: OneRosterSet): DistrictRosterChanges {
  const name = classNamer(set.rows);
  return {
    people: set.rows.users.filter((u) => !gone(u)).map((u) => withName(u.sourcedId, personName(u))),
    removedPeople: set.rows.users.filter(gone).map((u) => u.sourcedId),
    sections: set.rows.classes.filter((c) => !gone(c)).map(name),
    removedSections: set.rows.classes.filter(gone).map((c) => c.sourcedId),
    memberships: membershipChanges(set.rows.enrollments),
  };
}

/**
 * One change per person and class. A role change arrives as the old enrollment tobedeleted and a new
 * one active: the active one wins, so the person stays in the class with the new role.
 */
function membershipChanges(
  enrollments: ClassEnrollment[],
): NonNullable<DistrictRosterChanges["memberships"]> {
  const byMember = new Map<
    string,
    { sectionId: string; externalId: string; role: ClassRole; active: boolean }
  >();
  for (const e of enrollments) {
    const key = JSON.stringify([e.classSourcedId, e.userSourcedId]);
    const earlier = byMember.get(key);
    const active = !gone(e);
    if (earlier?.active && !active) continue;
    const role = earlier?.active && active ? strongerRole(earlier.role, e.classRole) : e.classRole;
    byMember.set(key, { sectionId: e.classSourcedId, externalId: e.userSourcedId, role, active });
  }
  return [...byMember.values()];
}

/** Enrolled twice in one class (teacher and student): staff, so the class is not left without its teacher. */
function strongerRole(a: ClassRole | undefined, b: ClassRole): ClassRole {
  return a === "STAFF" || b === "STAFF" ? "STAFF" : "STUDENT";
}

function withName(externalId: string, displayName: string | undefined) {
  return displayName === undefined ? { externalId } : { externalId, displayName };
}
