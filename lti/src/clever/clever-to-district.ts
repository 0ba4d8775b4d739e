import type {
  DistrictPerson,
  DistrictRosterChanges,
  DistrictSection,
  DistrictSectionMember,
  DistrictSyncReport,
  FullDistrictRoster,
} from "@studyhall/core";
import { z } from "zod";
import type {
  CleverCourse,
  CleverEvent,
  CleverSchool,
  CleverSection,
  CleverTerm,
  CleverUser,
} from "./clever-records.ts";
import { eventKind, parseEventObject } from "./clever-records.ts";

/** Core keeps names of at most this many characters; a longer Clever name is cut, not refused. */
const MAX_NAME = 200;

type ReportError = DistrictSyncReport["errors"][number];

/** Every record a full sync read, by kind (users of every role together, in any order). */
export interface CleverRosterRecords {
  schools: CleverSchool[];
  terms: CleverTerm[];
  courses: CleverCourse[];
  sections: CleverSection[];
  users: CleverUser[];
}

/** Names of the schools, terms and courses sections point at, by Clever id. */
export interface CleverNames {
  schools: Map<string, string>;
  terms: Map<string, string>;
  courses: Map<string, string>;
}

/** The lookup of names a section needs, from the records read. */
export function cleverNames(
  records: Record<"schools" | "terms" | "courses", Array<{ id: string; name?: string | undefined }>>,
): CleverNames {
  const named = (list: Array<{ id: string; name?: string | undefined }>) =>
    new Map(list.flatMap((r) => (r.name?.trim() ? [[r.id, r.name.trim()] as const] : [])));
  return { schools: named(records.schools), terms: named(records.terms), courses: named(records.courses) };
}

/**
 * A district's whole roster from Clever's records: a person per user id (a multi-role user, listed once
 * per role, is one person), and a class per section with its teachers (the primary one too) as staff and
 * its students enrolled. A user a section lists but the users read did not include is still a member,
 * with no name.
 */
export function cleverToFullRoster(records: CleverRosterRecords): FullDistrictRoster {
  const names = cleverNames(records);
  const people = new Map<string, DistrictPerson>();
  for (const user of records.users) {
    const person = cleverPerson(user);
    // The same user read under two roles is the same record; keep a name if either copy has one.
    if (!people.get(user.id)?.displayName) people.set(user.id, person);
  }
  const sections = records.sections.map((section) => ({
    ...cleverSection(section, names),
    members: cleverMembers(section),
  }));
  return { people: [...people.values()], sections };
}

/** A Clever user as a district person: its name from first, middle and last, or none when all are empty. */
export function cleverPerson(user: CleverUser): DistrictPerson {
  const parts = [user.name?.first, user.name?.middle, user.name?.last]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part));
  const displayName = clip(parts.join(" "));
  return displayName ? { externalId: user.id, displayName } : { externalId: user.id };
}

/** A section's name, school and term, without its members. */
export function cleverSection(section: CleverSection, names: CleverNames): Omit<DistrictSection, "members"> {
  const courseName = section.course ? names.courses.get(section.course) : undefined;
  const schoolName = names.schools.get(section.school);
  const termName = section.term_id ? names.terms.get(section.term_id) : undefined;
  return {
    externalId: section.id,
    // Clever requires a name, but a blank one would make a course no one can find.
    name: clip(section.name.trim() || courseName || `Section ${section.id}`),
    ...(schoolName ? { schoolName: clip(schoolName) } : {}),
    ...(termName ? { termName: clip(termName) } : {}),
  };
}

/** Teachers (and the primary teacher) as staff, students enrolled; someone listed as both is staff. */
export function cleverMembers(section: CleverSection): DistrictSectionMember[] {
  const members = new Map<string, DistrictSectionMember>();
  for (const id of [...section.teachers, ...(section.teacher ? [section.teacher] : [])]) {
    members.set(id, { externalId: id, role: "STAFF" });
  }
  for (const id of section.students) {
    if (!members.has(id)) members.set(id, { externalId: id, role: "STUDENT" });
  }
  return [...members.values()];
}

function clip(text: string): string {
  return text.length > MAX_NAME ? text.slice(0, MAX_NAME).trimEnd() : text;
}

/** What a batch of events becomes: the changes to apply, events reported and skipped, and one that cannot be applied. */
export interface CleverEventChanges {
  changes: DistrictRosterChanges;
  /** Events of a type StudyHall does not know, reported with their ids. */
  errors: ReportError[];
  /** Events about records StudyHall does not keep (schools, terms, courses, districts), with why. */
  ignored: Array<{ id: string; type: string; reason: string }>;
  /** The first event whose record could not be read: the sync falls back to a full one. */
  unappliable?: { id: string; type: string; message: string };
}

/**
 * Clever events as district changes, in order: users created or updated become people (their classes
 * come with the sections' own events), deleted users leave the district, a section created carries its
 * whole roster and one updated the members who joined, left or changed role (its whole roster when the
 * event does not say what it had before), deleted sections are removed. A school, term or course event renames nothing
 * directly but updates `names`, so later section events in the same sync use the new name; the nightly
 * full sync catches sections that did not change. The events should be one of {@link batchEvents}'s
 * batches, so no record appears twice.
 */
export function cleverEventsToChanges(events: CleverEvent[], names: CleverNames): CleverEventChanges {
  const people: DistrictPerson[] = [];
  const removedPeople: string[] = [];
  const sections: DistrictSection[] = [];
  const memberships: Membership[] = [];
  const removedSections: string[] = [];
  const result: CleverEventChanges = { changes: {}, errors: [], ignored: [] };
  for (const event of events) {
    const { recordType, action } = eventKind(event);
    if (!KNOWN_ACTIONS.has(action)) {
      result.errors.push({
        resource: "events",
        recordId: event.id,
        message: `unknown event type ${event.type}`,
      });
      continue;
    }
    // A deletion needs only the record's id, which the event schema already checked.
    if (action === "deleted" && (recordType === "users" || recordType === "sections")) {
      (recordType === "users" ? removedPeople : removedSections).push(event.data.object.id);
      continue;
    }
    const parsed = parseEventObject(event);
    if (!parsed.ok) {
      if (!(recordType in RECORD_TYPES)) {
        result.errors.push({
          resource: "events",
          recordId: event.id,
          message: `unknown event type ${event.type}`,
        });
        continue;
      }
      result.unappliable = { id: event.id, type: event.type, message: parsed.message };
      break;
    }
    if (parsed.recordType === "users") {
      people.push(cleverPerson(parsed.record));
    } else if (parsed.recordType === "sections") {
      const moved = action === "updated" ? membersMoved(parsed.record, event.data.previous_attributes) : null;
      if (moved) memberships.push(...moved);
      sections.push({
        ...cleverSection(parsed.record, names),
        ...(moved ? {} : { members: cleverMembers(parsed.record) }),
      });
    } else {
      const lookup = parsed.recordType === "districts" ? undefined : names[parsed.recordType];
      const name = "name" in parsed.record ? parsed.record.name?.trim() : undefined;
      if (lookup && action !== "deleted" && name) lookup.set(parsed.record.id, name);
      result.ignored.push({
        id: event.id,
        type: event.type,
        reason: "classes take the new name when their own event or the next full sync comes",
      });
    }
  }
  result.changes = {
    ...(people.length > 0 ? { people } : {}),
    ...(removedPeople.length > 0 ? { removedPeople } : {}),
    ...(sections.length > 0 ? { sections } : {}),
    ...(memberships.length > 0 ? { memberships } : {}),
    ...(removedSections.length > 0 ? { removedSections } : {}),
  };
  return result;
}

type Membership = NonNullable<DistrictRosterChanges["memberships"]>[number];

const previousMembersSchema = z.object({
  students: z.array(z.string()).optional(),
  teachers: z.array(z.string()).optional(),
  teacher: z.string().nullish(),
});

/**
 * What a section update did to its members, from the attributes Clever says it had before: the people
 * who joined, left or changed role, as single memberships (an empty list when only its name or term
 * changed). Null when the event does not say (no or unreadable previous attributes): the section's
 * whole roster is applied then. Comparing only what changed keeps a night of class changes from
 * re-reading every changed class's whole roster.
 */
function membersMoved(
  section: CleverSection,
  previous: Record<string, unknown> | undefined,
): Membership[] | null {
  if (!previous) return null;
  const before = previousMembersSchema.safeParse(previous);
  if (!before.success) return null;
  const old = cleverMembers({
    ...section,
    students: before.data.students ?? section.students,
    teachers: before.data.teachers ?? section.teachers,
    teacher: "teacher" in previous ? (before.data.teacher ?? undefined) : section.teacher,
  });
  const now = cleverMembers(section);
  const oldRole = new Map(old.map((m) => [m.externalId, m.role]));
  const stays = new Set(now.map((m) => m.externalId));
  return [
    ...now
      .filter((m) => oldRole.get(m.externalId) !== m.role)
      .map((m) => ({ sectionId: section.id, externalId: m.externalId, role: m.role, active: true })),
    ...old
      .filter((m) => !stays.has(m.externalId))
      .map((m) => ({ sectionId: section.id, externalId: m.externalId, role: m.role, active: false })),
  ];
}

const KNOWN_ACTIONS = new Set(["created", "updated", "deleted"]);
const RECORD_TYPES = { districts: 1, schools: 1, terms: 1, courses: 1, sections: 1, users: 1 } as const;

/**
 * Splits events, in order, into runs of consecutive events in which no record appears twice, so each
 * batch can be applied as one set of changes without reordering what happened to one record.
 */
export function batchEvents(events: CleverEvent[]): CleverEvent[][] {
  const batches: CleverEvent[][] = [];
  let current: CleverEvent[] = [];
  let seen = new Set<string>();
  for (const event of events) {
    const key = `${eventKind(event).recordType}:${event.data.object.id}`;
    if (seen.has(key)) {
      batches.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(key);
    current.push(event);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
